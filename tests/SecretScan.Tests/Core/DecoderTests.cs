using System.Text;
using SecretScan.Core;
using SecretScan.Core.Decoding;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Core;

/// <summary>Each decoder of the decoder stage on good and malformed input: malformed input never throws.</summary>
public class DecoderTests
{
    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    [Test]
    public void Base64_TextOfSixteenCharsOrMore_Decodes()
    {
        var d = Decoders.Base64(B64("user:correct-horse-battery"));
        Assert.That((d?.Text, d?.Kind, d?.Map), Is.EqualTo(("user:correct-horse-battery", "base64", (int[]?)null)));
    }

    [Test]
    public void Base64Url_WithoutPadding_Decodes()
    {
        string url = B64("<<??>>~~ subjects?>>").TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.That(url, Does.Contain("-").Or.Contain("_"));
        Assert.That(Decoders.Base64(url)?.Text, Is.EqualTo("<<??>>~~ subjects?>>"));
        Assert.That(Decoders.Base64(url)?.Kind, Is.EqualTo("base64url"));
    }

    [Test]
    public void Base64_TextWithCharactersCutByTheProbe_Decodes_AndIdentifiersAreRejected()
    {
        // The probe's 48 bytes end inside many of these texts' multi-byte characters: a cut character is not invalid.
        string[] pieces = ["a", "Z", "9", " ", ":", "=", "é", "ß", "中", "文", "😀", "€"];
        var random = new Random(48);
        for (int n = 0; n < 3_000; n++)
        {
            var sb = new StringBuilder();
            int length = random.Next(12, 80);
            while (sb.Length < length) sb.Append(pieces[random.Next(pieces.Length)]);
            string text = sb.ToString();
            string b64 = B64(text);
            Assert.That(Decoders.Base64(b64)?.Text, Is.EqualTo(text), b64);
            Assert.That(Decoders.Base64(b64.TrimEnd('=').Replace('+', '-').Replace('/', '_'))?.Text, Is.EqualTo(text), "url: " + b64);
        }
        // What runs of identifier characters decode to is not UTF-8, though most of it passes the control count.
        string[] identifiers = ["REDISMODULE_CTX_FLAGS_MULTI_DIRTY", "processCommandAndResetClient_v2", "listTypeTryConversionAppend", "CLIENT_TYPE_PUBSUB_Count"];
        Assert.That(identifiers.Where(i => Decoders.Base64(i) is not null), Is.Empty);
    }

    [TestCase("AAECAwQFBgcICQoLDA0ODxAREhMUFRYX", TestName = "Base64_BinaryContent_IsRejected")]
    [TestCase("SGVsbG8gd29ybGQhIQ=!", TestName = "Base64_InvalidCharacter_IsRejected")]
    [TestCase("SGVsbG8gd29ybGQhIQ===", TestName = "Base64_TooMuchPadding_IsRejected")]
    [TestCase("SGVsbG8gd29ybGQhI", TestName = "Base64_LengthOneMoreThanMultipleOfFour_IsRejected")]
    [TestCase("SGVsbG8-d29y/GQhIQ", TestName = "Base64_MixedAlphabets_IsRejected")]
    [TestCase("SGVsbG8", TestName = "Base64_ShorterThanSixteen_IsRejected")]
    public void Base64_Malformed_IsRejected(string input) => Assert.That(Decoders.Base64(input), Is.Null);

    [Test]
    public void Base64_ShortValueNamedByAContainer_Decodes() =>
        Assert.That(Decoders.Base64(B64("hunter2"), named: true)?.Text, Is.EqualTo("hunter2"));

    [Test]
    public void Hex_TextOfThirtyTwoDigitsOrMore_Decodes()
    {
        string hex = Convert.ToHexString(Encoding.UTF8.GetBytes("plain text behind hex digits"));
        Assert.That(Decoders.Hex(hex)?.Text, Is.EqualTo("plain text behind hex digits"));
        Assert.That(Decoders.Hex(hex.ToLowerInvariant())?.Text, Is.EqualTo("plain text behind hex digits"));
    }

    [TestCase("da39a3ee5e6b4b0d3255bfef95601890afd80709", TestName = "Hex_GitSha_IsRejected")]
    [TestCase("70617373776f72643d6f70656e73657", TestName = "Hex_OddLength_IsRejected")]
    [TestCase("7061737377zz72643d6f70656e736573616d6534", TestName = "Hex_NonHexDigit_IsRejected")]
    [TestCase("70617373776f72643d6f70", TestName = "Hex_ShorterThanThirtyTwo_IsRejected")]
    public void Hex_NotText_IsRejected(string input) => Assert.That(Decoders.Hex(input), Is.Null);

    [Test]
    public void Percent_UrlEncodedJson_DecodesWithMap()
    {
        const string input = "%7B%22token%22%3A%22abc%22%7D";
        var d = Decoders.Percent(input, 10)!;
        Assert.Multiple(() =>
        {
            Assert.That(d.Text, Is.EqualTo("{\"token\":\"abc\"}"));
            Assert.That(d.Map![0], Is.EqualTo(10));
            Assert.That(d.Map[2], Is.EqualTo(10 + 6), "'t' comes after %7B%22");
            Assert.That(d.Map[^1], Is.EqualTo(10 + input.Length));
        });
    }

    [TestCase("%02x%02x", TestName = "Percent_PrintfFormat_IsRejected")]
    [TestCase("100%", TestName = "Percent_Truncated_IsRejected")]
    [TestCase("%4", TestName = "Percent_TruncatedEscape_IsRejected")]
    [TestCase("a%20b", TestName = "Percent_SingleEscape_IsRejected")]
    [TestCase("%C3%28%C3%28", TestName = "Percent_InvalidUtf8_IsRejected")]
    public void Percent_Malformed_IsRejected(string input) => Assert.That(Decoders.Percent(input, 0), Is.Null);

    [Test]
    public void Escapes_JsonInsideAString_Decodes()
    {
        const string input = "\"{\\\"awsSecretKey\\\":\\\"abc\\/def\\\"}\\n\"";
        Assert.That(Decoders.Escapes(input, 0)?.Text, Is.EqualTo("\"{\"awsSecretKey\":\"abc/def\"}\n\""));
    }

    [Test]
    public void Escapes_UnicodeHexAndSurrogatePairs_Decode()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Decoders.Escapes("\\u0022x\\x41\\u{1F600}\\U0001F600", 0)?.Text, Is.EqualTo("\"xA\U0001F600\U0001F600"));
            Assert.That(Decoders.Escapes("\\ud83d\\ude00", 0)?.Text, Is.EqualTo("\U0001F600"));
        });
    }

    [Test]
    public void Escapes_LoneSurrogates_BecomeReplacementCharacters()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Decoders.Escapes("a\\ud83db", 0)?.Text, Is.EqualTo("a\uFFFDb"));
            Assert.That(Decoders.Escapes("\\ude00\\ud83d", 0)?.Text, Is.EqualTo("\uFFFD\uFFFD"));
        });
    }

    [Test]
    public void Escapes_TruncatedOrUnknown_StayAsWritten()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Decoders.Escapes("\\u12", 0), Is.Null);
            Assert.That(Decoders.Escapes("x\\", 0), Is.Null);
            Assert.That(Decoders.Escapes("\\q\\x4", 0), Is.Null);
            Assert.That(Decoders.Escapes("\\u{110000}\\\"", 0)?.Text, Is.EqualTo("\\u{110000}\""));
            Assert.That(Decoders.Escapes("\\U0011FFFF\\n", 0)?.Text, Is.EqualTo("\\U0011FFFF\n"));
        });
    }

    [Test]
    public void Escapes_Map_PointsEveryCharAtItsSource()
    {
        var d = Decoders.Escapes("a\\\"b\\u0063", 5)!;
        Assert.That(d.Map, Is.EqualTo(new[] { 5, 6, 8, 9, 15 }));
    }

    [Test]
    public void Entities_NamedAndNumeric_Decode() =>
        Assert.That(Decoders.Entities("&lt;add key=&quot;k&quot; value=&#34;v&#x22;/&gt; &amp; &apos;&nbsp;", 0)?.Text,
            Is.EqualTo("<add key=\"k\" value=\"v\"/> & ' "));

    [TestCase("&quot", TestName = "Entities_Truncated_StayAsWritten")]
    [TestCase("&bogus;", TestName = "Entities_Unknown_StayAsWritten")]
    [TestCase("&#xD800;", TestName = "Entities_Surrogate_StaysAsWritten")]
    [TestCase("&#1114112;", TestName = "Entities_OutOfRange_StaysAsWritten")]
    [TestCase("&#;&#x;", TestName = "Entities_Empty_StayAsWritten")]
    [TestCase("&#0;", TestName = "Entities_Nul_StaysAsWritten")]
    public void Entities_Malformed_StayAsWritten(string input) => Assert.That(Decoders.Entities(input, 0), Is.Null);

    [Test]
    public void ShapeTest_OrdinarySource_HasNoBase64OrHexCandidates()
    {
        const string source = """
            static int processCommandAndResetClient(client *c) {
                ARG_TYPE_PURE_TOKEN = lookupCommandOrOriginal(c->argv, c->argc);
                const char *path = "src/modules/helloworld_module.c";
                int someVeryLongIdentifierName = getUint32Value(x) + anotherLongFunctionName(y);
            }
            """;
        var found = new List<Candidate>();
        ShapeTest.Find(source.AsSpan(), found);
        Assert.That(found.Where(c => c.Kind is CandidateKind.Base64 or CandidateKind.Hex).Select(c => source[c.Start..c.End])
            .Where(s => Decoders.Base64(s) is not null || Decoders.Hex(s) is not null), Is.Empty);
        Assert.That(ShapeTest.MayHide(Encoding.UTF8.GetBytes(source).AsSpan()), Is.False);
    }

    [Test]
    public void ShapeTest_Base64OfText_IsACandidateInBytesAndChars()
    {
        string line = "value: " + B64("token=" + FakeSecrets.GitHubPat()) + "\n";
        var found = new List<Candidate>();
        ShapeTest.Find(line.AsSpan(), found);
        Assert.That(found.Single().Kind, Is.EqualTo(CandidateKind.Base64));
        Assert.That(line[found[0].Start..found[0].End], Is.EqualTo(line[7..^1]));
        Assert.That(ShapeTest.MayHide(Encoding.UTF8.GetBytes(line).AsSpan()), Is.True);
    }

    /// <summary>
    /// The shape test skips ordinary text 64 positions at a time with vector compares: on long random texts (runs
    /// that straddle its 64-char blocks, non-ASCII chars) it must find exactly the runs a plain scan finds.
    /// </summary>
    [Test]
    public void ShapeTest_LongText_FindsTheSameRunsAsAPlainScan()
    {
        var random = new Random(4321);
        // Mixed base64 alphabets, and the runs the vector step judges and skips itself: snake_case and SCREAMING_CASE
        // identifiers, hex (a candidate from 32 on), hex with a stray letter.
        string[] alphabets = ["aZ9+/_-bQ7xY3kM", "abc_xyz", "ABC_XYZ_", "0123456789abcdef", "0123456789ABCDEF", "0123456789abcdefg_", "abZ_"];
        string[] breaks = [" ", "\n", "\u00e9", "\u0100", "\u2028", ".", ":", "\t"];
        for (int round = 0; round < 1500; round++)
        {
            var sb = new StringBuilder();
            int length = random.Next(60, 600);
            while (sb.Length < length)
            {
                if (random.Next(6) == 0) sb.Append(breaks[random.Next(breaks.Length)]);
                string alphabet = alphabets[random.Next(alphabets.Length)];
                int run = random.Next(0, 70);
                for (int i = 0; i < run; i++) sb.Append(alphabet[random.Next(alphabet.Length)]);
            }
            string text = sb.ToString();
            var expected = ReferenceRuns(text);
            var chars = new List<Candidate>();
            ShapeTest.Find(text.AsSpan(), chars);
            Assert.That(chars, Is.EqualTo(expected), text);
            if (text.All(c => c < 128))
            {
                var bytes = new List<Candidate>();
                ShapeTest.Find(Encoding.ASCII.GetBytes(text).AsSpan(), bytes);
                Assert.That(bytes, Is.EqualTo(expected), text);
            }
        }
    }

    [Test]
    public void ShapeTest_RunsAroundTheBlockEdges_AreFoundAsByAPlainScan()
    {
        // Blocks of 64 follow each other without overlap, so a run that starts in one block and ends in the next
        // (or after the last whole block) is found from the base64 bits carried over: every start and length near
        // the edges, alone and after a shorter run that touches the edge too.
        foreach (int lead in new[] { 0, 5 })
            for (int at = 30; at < 200; at++)
                foreach (int length in new[] { 14, 15, 16, 17, 31, 40 })
                {
                    var sb = new StringBuilder(new string(' ', at));
                    if (lead > 0 && at > 20) sb[at - lead - 1] = 'Q';
                    for (int i = 0; i < length; i++) sb.Append("aZ9+/_-bQ7xY3kM"[i % 15]);
                    sb.Append(' ', 230 - Math.Min(230, at + length) + (at % 7));
                    string text = sb.ToString();
                    var expected = ReferenceRuns(text);
                    var bytes = new List<Candidate>();
                    ShapeTest.Find(Encoding.ASCII.GetBytes(text).AsSpan(), bytes);
                    var chars = new List<Candidate>();
                    ShapeTest.Find(text.AsSpan(), chars);
                    Assert.That(bytes, Is.EqualTo(expected), $"bytes, run of {length} at {at}");
                    Assert.That(chars, Is.EqualTo(expected), $"chars, run of {length} at {at}");
                }
    }

    [TestCase(0, 32, true)]
    [TestCase(13, 32, true)]
    [TestCase(31, 32, true)]
    [TestCase(13, 31, false)]
    [TestCase(20, 40, true)]
    public void ShapeTest_HexRunInsideOneBlock_IsACandidateFrom32Digits(int at, int digits, bool candidate)
    {
        // Lower-case hex has no upper case, so only the hex test keeps it: the vector step judges such runs itself.
        string text = new string(' ', at) + string.Concat(Enumerable.Range(0, digits).Select(i => "0123456789abcdef"[(i * 7) % 16])) + new string(' ', 100);
        var bytes = new List<Candidate>();
        ShapeTest.Find(Encoding.ASCII.GetBytes(text).AsSpan(), bytes);
        var chars = new List<Candidate>();
        ShapeTest.Find(text.AsSpan(), chars);
        Assert.Multiple(() =>
        {
            Assert.That(bytes, Is.EqualTo(chars));
            Assert.That(bytes.Select(c => (c.Kind, c.Start, c.End)), Is.EqualTo(candidate ? new[] { (CandidateKind.Hex, at, at + digits) } : []));
        });
    }

    [TestCase(0)]
    [TestCase(47)]
    [TestCase(48)]
    [TestCase(49)]
    [TestCase(63)]
    [TestCase(64)]
    [TestCase(130)]
    public void ShapeTest_SpellingEscape_AnywhereInALongLine_IsACandidate(int at)
    {
        string line = new string('g', at) + "\\u0070" + new string(' ', 200) + "\n";
        var found = new List<Candidate>();
        ShapeTest.Find(line.AsSpan(), found);
        Assert.That(found.Select(c => c.Kind), Is.EqualTo(new[] { CandidateKind.Escapes }));
        Assert.That(ShapeTest.MayHide(Encoding.ASCII.GetBytes(line).AsSpan()), Is.True);
    }

    /// <summary>
    /// Only an escape or entity that spells a character can hide a keyword: PHP namespaces (<c>App\Models\User</c>,
    /// <c>\Illuminate\Support\Uri</c>), regex sources (<c>\x</c> before no hex) and printf formats (<c>%05d</c>) do
    /// not make a file without keywords worth decoding, and an escape with its digits does, in bytes and chars.
    /// </summary>
    [TestCase("use App\\Models\\User;\nuse Illuminate\\Support\\Uri;\n", false)]
    [TestCase("$pattern = '/\\x{zz}\\u{}\\Uffff/';\n", false)]
    [TestCase("printf(\"%05d items, %2F\", n);\n", false)]
    [TestCase("<b>&#;</b> &#x; &#q;\n", false)]
    [TestCase("name = \"\\u0070assword\"\n", true)]
    [TestCase("name = \"\\x70assword\"\n", true)]
    [TestCase("name = \"\\u{70}assword\"\n", true)]
    [TestCase("name = \"\\U00000070assword\"\n", true)]
    [TestCase("name = \"&#112;assword\"\n", true)]
    [TestCase("name = \"&#x70;assword\"\n", true)]
    [TestCase("q=%70%61ssword\n", true)]
    public void ShapeTest_OnlyEscapesThatSpellACharacter_MayHideAKeyword(string text, bool hides)
    {
        Assert.That(ShapeTest.MayHide(Encoding.ASCII.GetBytes(text).AsSpan()), Is.EqualTo(hides), "bytes");
        Assert.That(ShapeTest.MayHide(text.AsSpan()), Is.EqualTo(hides), "chars");
        Assert.That(ShapeTest.HidesLetters(text.AsSpan()), Is.EqualTo(hides && !text.Contains('%')), "the escaped-line gate");
    }

    /// <summary>
    /// Every escape the decoders read as a character is one <see cref="ShapeTest.SpellsAt{T}"/> says spells one: over
    /// random strings of spelling-escape prefixes, digits and letters (no plain escapes), every string the escape or
    /// entity decoder changes is one <see cref="ShapeTest.HidesLetters{T}"/> calls hiding.
    /// </summary>
    [Test]
    public void ShapeTest_SpellsAt_CoversEverythingTheDecodersSpell()
    {
        var random = new Random(1357);
        string[] pieces = ["\\u", "\\x", "\\U", "\\u{", "&#", "&#x", "}", ";", "0", "7", "f", "F", "g", "z", "1", "a", " "];
        int spelled = 0;
        for (int round = 0; round < 20_000; round++)
        {
            var sb = new StringBuilder();
            int n = random.Next(2, 16);
            for (int i = 0; i < n; i++) sb.Append(pieces[random.Next(pieces.Length)]);
            string text = sb.ToString();
            string? decoded = (Decoders.Escapes(text, 0) ?? Decoders.Entities(text, 0))?.Text;
            if (decoded is null) continue;
            spelled++;
            Assert.That(ShapeTest.HidesLetters(text.AsSpan()), Is.True, text + " decodes to " + decoded);
        }
        Assert.That(spelled, Is.GreaterThan(1_000), "the texts held spelling escapes");
    }

    // Runs of 16 or more base64-class chars, classified as the shape test documents (no '=' and no escapes here).
    private static List<Candidate> ReferenceRuns(string text)
    {
        static bool InClass(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/' or '-' or '_';
        var found = new List<Candidate>();
        for (int i = 0; i < text.Length;)
        {
            if (!InClass(text[i])) { i++; continue; }
            int end = i;
            while (end < text.Length && InClass(text[end])) end++;
            string run = text[i..end];
            if (run.Length >= Decoders.MinBase64)
            {
                if (run.Length >= Decoders.MinHex && run.All(Uri.IsHexDigit)) found.Add(new Candidate(CandidateKind.Hex, i, end));
                else if (run.Any(char.IsUpper) && run.Any(char.IsLower) && run.Any(c => !char.IsLetter(c)))
                    found.Add(new Candidate(CandidateKind.Base64, i, end));
            }
            i = end;
        }
        return found;
    }

    /// <summary>
    /// Events cluster (<c>printf("%s\n", …)</c>, escaped JSON), and the search after one reads the rest of its block
    /// from the masks it kept: on texts dense with escapes, entities, percent signs and runs, in bytes and chars, the
    /// vector step must give what the scalar loop gives one character at a time.
    /// </summary>
    [Test]
    public void ShapeTest_ClusteredEvents_GiveWhatTheScalarLoopGives()
    {
        var random = new Random(2468);
        string[] pieces = ["\\u0070", "\\\"", "\\n", "\\", "&#112;", "&quot;", "&amp;", "&gt;", "&lt;", "&", "%41", "%2", "%", "aZ9+/_-bQ7xY3kMq", "QUJDREVGR0hJSktMTU5P",
            "0123456789abcdef0123456789abcdef", "snake_case_name_long", " ", "\n", "\r\n", ";", "\"", "x", "\u00e9"];
        int candidates = 0;
        for (int round = 0; round < 3000; round++)
        {
            var sb = new StringBuilder();
            int length = random.Next(0, 400);
            while (sb.Length < length) sb.Append(pieces[random.Next(pieces.Length)]);
            string text = sb.ToString();
            foreach (bool hiddenOnly in new[] { false, true })
            {
                var expected = new List<Candidate>();
                ShapeTest.FindReference(text.AsSpan(), expected, hiddenOnly);
                var chars = new List<Candidate>();
                ShapeTest.Find(text.AsSpan(), chars, hiddenOnly);
                Assert.That(chars, Is.EqualTo(expected), "chars: " + text);
                if (text.All(c => c < 128))
                {
                    var bytes = new List<Candidate>();
                    ShapeTest.Find(Encoding.ASCII.GetBytes(text).AsSpan(), bytes, hiddenOnly);
                    Assert.That(bytes, Is.EqualTo(expected), "bytes: " + text);
                }
                candidates += expected.Count;
            }
        }
        Assert.That(candidates, Is.GreaterThan(10_000), "the texts gave the loop events to find");
    }

    /// <summary>
    /// Runs of 16 to 31 characters that end inside a 64-byte block are judged by the block loop itself: runs of every
    /// mix of kinds (identifiers in each case style, hex, base64 with and without digits or symbols), at every
    /// alignment and crossing block ends, must give over bytes what the scalar loop gives one character at a time.
    /// </summary>
    [Test]
    public void ShapeTest_ShortRunsOfEveryKindMix_GiveWhatTheScalarLoopGives()
    {
        var random = new Random(9753);
        string[] kinds = ["ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", "0123456789", "+/-", "_", "abcdef0123456789"];
        string[] gaps = [" ", "\\n", "\n", ".", "(", "%4", "&#", "\u00e9", "=", "==\n"];
        int candidates = 0, rejected = 0;
        for (int round = 0; round < 3000; round++)
        {
            var sb = new StringBuilder();
            sb.Append(' ', random.Next(0, 64));
            int length = random.Next(64, 700);
            while (sb.Length < length)
            {
                string alphabet = string.Concat(kinds.Where(_ => random.Next(2) == 0));
                if (alphabet.Length == 0) alphabet = kinds[random.Next(kinds.Length)];
                int runLength = random.Next(12, 42);
                for (int i = 0; i < runLength; i++) sb.Append(alphabet[random.Next(alphabet.Length)]);
                sb.Append(gaps[random.Next(gaps.Length)]);
            }
            string text = sb.ToString();
            foreach (bool hiddenOnly in new[] { false, true })
            {
                var expected = new List<Candidate>();
                ShapeTest.FindReference(text.AsSpan(), expected, hiddenOnly);
                var bytes = new List<Candidate>();
                ShapeTest.Find(Encoding.Latin1.GetBytes(text).AsSpan(), bytes, hiddenOnly);
                Assert.That(bytes, Is.EqualTo(expected), "bytes: " + text);
                candidates += expected.Count(c => c.Kind is CandidateKind.Base64 or CandidateKind.Hex);
            }
            rejected += System.Text.RegularExpressions.Regex.Matches(text, "[A-Za-z0-9+/_-]{16,31}").Count;
        }
        Assert.That(candidates, Is.GreaterThan(10_000), "the texts held base64 and hex candidates");
        Assert.That(rejected, Is.GreaterThan(candidates), "and more short runs than candidates");
    }

    /// <summary>
    /// A run's kinds (upper, lower, digit or symbol, all hex) are read 16 bytes at a time from nibble tables: every
    /// byte value, at every lane of a run's first two vectors, must end or join the run and count as the one-byte
    /// table of the char path says (Latin-1 chars, so bytes from 0x80 compare too).
    /// </summary>
    [Test]
    public void ShapeTest_EveryByteInsideARun_IsJudgedAsByTheCharPath()
    {
        string[] runs = ["0123456789abcdef0123456789abcdef0123456789", "aZ9+/bQ7xY3kMaZ9+/bQ7xY3kMaZ9+/bQ7xY3kM", "abcdefghijklmnopqrstuvwxyzabcdefghijklmn",
            "ABCDEF0123456789ABCDEF0123456789ABCDEF01", "snake_case_name-with-dashes_and_more_of_it"];
        int candidates = 0;
        // Unpadded, the scalar loop reads the run; padded, it lies inside the second 64-byte block.
        foreach (string pad in new[] { "", new string(' ', 60) })
        for (int value = 0; value < 256; value++)
            foreach (string run in runs)
                for (int at = 0; at < 34; at++)
                {
                    byte[] bytes = Encoding.Latin1.GetBytes("x " + pad + run + pad + pad + " y");
                    bytes[2 + pad.Length + at] = (byte)value;
                    var fromBytes = new List<Candidate>();
                    ShapeTest.Find(bytes.AsSpan(), fromBytes);
                    var fromChars = new List<Candidate>();
                    ShapeTest.Find(Encoding.Latin1.GetString(bytes).AsSpan(), fromChars);
                    Assert.That(fromBytes, Is.EqualTo(fromChars), $"byte 0x{value:X2} at {at} of {run}");
                    candidates += fromBytes.Count;
                }
        Assert.That(candidates, Is.GreaterThan(10_000));
    }

    /// <summary>Decoded bytes are judged printable 16 at a time: at every length and mix of control, white-space and
    /// printable bytes, the verdict is the one a byte-by-byte count gives (at most one control byte in ten).</summary>
    [Test]
    public void MostlyPrintable_CountsControlBytesAsOneByOne()
    {
        var random = new Random(4321);
        byte[] kinds = [0, 7, 9, 10, 13, 27, 31, 32, 65, 126, 127, 128, 200, 255];
        int printable = 0;
        for (int round = 0; round < 20_000; round++)
        {
            var bytes = new byte[random.Next(1, 100)];
            int rate = random.Next(1, 30);
            for (int i = 0; i < bytes.Length; i++)
                bytes[i] = random.Next(rate) == 0 ? kinds[random.Next(kinds.Length)] : (byte)random.Next(32, 127);
            int control = bytes.Count(b => (b < 0x20 && b is not (9 or 10 or 13)) || b == 0x7F);
            Assert.That(Decoders.MostlyPrintable(bytes), Is.EqualTo(control * 10 <= bytes.Length), Convert.ToHexString(bytes));
            Assert.That(Decoders.MostlyPrintable(bytes, strict: true), Is.EqualTo(control == 0), Convert.ToHexString(bytes));
            printable += control * 10 <= bytes.Length ? 1 : 0;
        }
        Assert.That(printable, Is.InRange(2_000, 18_000), "both verdicts were tried");
    }

    [Test]
    public void ShapeTest_RandomInput_NeverThrows()
    {
        var random = new Random(1234);
        const string alphabet = "\\\"&#;%xu{}0123456789abcdefABCDEF=+/-_ \n\ud83d";
        for (int round = 0; round < 2000; round++)
        {
            var sb = new StringBuilder();
            int length = random.Next(0, 80);
            for (int i = 0; i < length; i++) sb.Append(alphabet[random.Next(alphabet.Length)]);
            string text = sb.ToString();
            Assert.DoesNotThrow(() =>
            {
                var found = new List<Candidate>();
                ShapeTest.Find(text.AsSpan(), found);
                Containers.Find(text, found);
                foreach (Candidate c in found) Assert.That(c.Start, Is.LessThanOrEqualTo(c.End));
                Decoders.Escapes(text, 0);
                Decoders.Entities(text, 0);
                Decoders.Percent(text, 0);
                Decoders.Base64(text);
                Decoders.Hex(text);
            }, text);
        }
    }
}
