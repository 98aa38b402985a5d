using System.Globalization;
using System.Numerics;
using SecretScan.Core;

namespace SecretScan.Tests.Core;

public sealed class LineHashTests
{
    /// <summary>
    /// The definition written out directly, as a polynomial over each line's block of 100 kept characters with
    /// exact integers reduced mod 2^64 at the end: independent of the rolling window the production code uses.
    /// </summary>
    private static string Definition(IReadOnlyList<int> block)
    {
        Assert.That(block, Has.Count.EqualTo(LineHash.BlockSize));
        BigInteger sum = 0;
        for (int i = 0; i < block.Count; i++) sum += block[i] * BigInteger.Pow(37, LineHash.BlockSize - 1 - i);
        var value = (ulong)(sum % BigInteger.Pow(2, 64));
        return value.ToString("x", CultureInfo.InvariantCulture);
    }

    private static List<int> Block(string keptCharacters, bool endMarker = true)
    {
        var block = keptCharacters.Select(c => (int)c).ToList();
        if (endMarker) block.Add(0xFFFF);
        while (block.Count < LineHash.BlockSize) block.Add(0);
        return block.Take(LineHash.BlockSize).ToList();
    }

    [Test]
    public void All_SingleCharacter_IsCharacterThenEndMarkerThenZeros()
    {
        // "a": kept characters 'a', then U+FFFF, then 98 zeros. The end marker opens no new line here because
        // "a" has no newline; so there is exactly one line.
        Assert.That(LineHash.All("a"), Is.EqualTo(new[] { Definition(Block("a")) + ":1" }));
    }

    [Test]
    public void All_LeadingBlanksAndCrLf_AreNotPartOfTheHash()
    {
        // Line 1 is "x\n" + "x\n" (line 2, its blanks dropped) + end marker; line 2 is "x\n" + end marker;
        // line 3 starts at the end marker, because the file ends with a newline.
        string[] expected =
        [
            Definition(Block("x\nx\n")) + ":1",
            Definition(Block("x\n")) + ":1",
            Definition(Block("")) + ":1",
        ];
        Assert.That(LineHash.All("x\n  \tx\n"), Is.EqualTo(expected));
        Assert.That(LineHash.All("x\r\n  \tx\r\n"), Is.EqualTo(expected), "CR LF counts as one LF");
        Assert.That(LineHash.All("x\r  \tx\r"), Is.EqualTo(expected), "a lone CR counts as LF");
    }

    [Test]
    public void All_IdenticalBlocks_AreNumberedInOrder()
    {
        // Two lines of 120 'A's: each line's block is 100 'A's, so both hash the same and the second gets ":2".
        string line = new('A', 120);
        var hashes = LineHash.All(line + "\n" + line + "\n");
        string same = Definition(Enumerable.Repeat((int)'A', 100).ToList());
        Assert.That(hashes[0], Is.EqualTo(same + ":1"));
        Assert.That(hashes[1], Is.EqualTo(same + ":2"));
        Assert.That(hashes, Has.Count.EqualTo(3));
    }

    // Published expectations from github/codeql-action's own tests of this algorithm (src/fingerprints.test.ts).
    [TestCase("", new[] { "c129715d7a2bc9a3:1" })]
    [TestCase(" a\nb\n  \t\tc\n d", new[] { "271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1" })]
    [TestCase(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n", new[]
    {
        "e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1",
        "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1",
    })]
    public void All_PublishedVectors_Match(string content, string[] expected)
    {
        Assert.That(LineHash.All(content), Is.EqualTo(expected));
    }

    [Test]
    public void All_RepeatedLines_MatchPublishedVector()
    {
        string[] expected =
        [
            "a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5",
            "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1",
            "c129715d7a2bc9a3:1",
        ];
        Assert.That(LineHash.All(string.Concat(Enumerable.Repeat("Lorem ipsum dolor sit amet.\n", 10))), Is.EqualTo(expected));
    }

    [Test]
    public void Compute_WantedLines_EqualThoseOfAll()
    {
        string content = string.Concat(Enumerable.Range(0, 300).Select(i => $"line {i % 7} = value{i % 3}\n"));
        var all = LineHash.All(content);
        var some = LineHash.Compute(content, [1, 150, 299, 5000]);
        Assert.That(some, Has.Count.EqualTo(3), "a line past the end has no hash");
        Assert.That(some[1], Is.EqualTo(all[0]));
        Assert.That(some[150], Is.EqualTo(all[149]));
        Assert.That(some[299], Is.EqualTo(all[298]));
    }

    [Test]
    public void Detect_Finding_CarriesTheHashOfItsStartLine()
    {
        var rule = new Rule("test-token", @"tok_[a-z0-9]{16}", ["tok_"],
            new RotationGuide { Url = "https://example.invalid/rotate", Steps = ["Roll it."], Update = ["Consumers."] });
        string content = "first line\n  key = tok_q7x2m9k4p1z8r5w3\nlast\n";
        var result = new Detector(new RuleSet([rule])).Detect(new Fragment(content, "a.txt", new StdinProvenance()));
        Assert.That(result.Findings, Has.Count.EqualTo(1));
        Assert.That(result.Findings[0].LineHash, Is.EqualTo(LineHash.All(content)[1]));
    }
}
