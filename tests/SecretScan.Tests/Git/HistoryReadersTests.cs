using System.Buffers;
using System.Text;
using SecretScan.Core;
using SecretScan.Git;

namespace SecretScan.Tests.Git;

/// <summary>The git-log and cat-file readers of a history scan, on byte fixtures in the exact shape git writes.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class HistoryReadersTests
{
    private const string A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private const string Zero = "0000000000000000000000000000000000000000";
    private const string C1 = "1111111111111111111111111111111111111111", C2 = "2222222222222222222222222222222222222222";

    private static string Header(string sha, string message) =>
        $"\u0001{sha}\0Ada\0ada@example.invalid\02024-05-01T10:00:00+02:00\0Bob\0bob@example.invalid\0{message}\0";

    private static List<HistoryItem> ReadLog(string log, PathFilter? exclude = null, params string[] pushed) =>
        [.. new CommitLogReader(new MemoryStream(Encoding.UTF8.GetBytes(log)), exclude ?? new PathFilter([]), new HashSet<string>(pushed)).Read(CancellationToken.None)];

    [Test]
    public void CommitLog_NewBlobsOnceInOrder_WithTheirIntroducingCommit()
    {
        string log = Header(C1, "first\n\nbody\n") + $"\n:000000 100644 {Zero} {A} A\0src/a.txt\0"
                   + Header(C2, "second\n") + $"\n:100644 100644 {A} {B} M\0src/a.txt\0:000000 100644 {Zero} {A} A\0copy/a.txt\0";

        List<HistoryItem> items = ReadLog(log, pushed: C1);

        var blobs = items.OfType<NewBlobItem>().ToList();
        var texts = items.OfType<CommitTextItem>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(blobs.Select(b => (b.Id, b.Path, b.Commit.Commit)), Is.EqualTo(new[] { (A, "src/a.txt", C1), (B, "src/a.txt", C2) }),
                "the copy of A at another path is not a new blob");
            Assert.That(blobs[0].Commit.Order, Is.LessThan(blobs[1].Commit.Order));
            Assert.That(blobs[0].Commit.Summary, Is.EqualTo("first"));
            Assert.That(blobs[0].Commit.Date, Is.EqualTo(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.FromHours(2))));
            Assert.That((blobs[0].Commit.Pushed, blobs[1].Commit.Pushed), Is.EqualTo((true, false)));
            Assert.That(texts.Select(t => t.Path), Is.EqualTo(new[] { HistorySource.MessagePath, HistorySource.MetadataPath, HistorySource.MessagePath, HistorySource.MetadataPath }));
            Assert.That(texts[1].Text, Is.EqualTo("author: Ada <ada@example.invalid>\ncommitter: Bob <bob@example.invalid>\n"));
        });
    }

    [Test]
    public void CommitLog_MergeResultDeletionsSubmodulesSymlinksAndExcludedPaths_AreNotBlobsToRead()
    {
        string log = Header(C1, "merge\n")
            + $"\n::100644 100644 100644 {Zero} {Zero} {A} MM\0merged.txt\0"
            + $":100644 000000 {B} {Zero} D\0gone.txt\0"
            + $":000000 160000 {Zero} {B} A\0vendor/sub\0"
            + $":000000 120000 {Zero} {B} A\0link\0"
            + $":000000 100644 {Zero} {B} A\0dist/bundle.js\0";

        var blobs = ReadLog(log, new PathFilter(["dist/**"])).OfType<NewBlobItem>().ToList();

        Assert.That(blobs.Select(b => (b.Id, b.Path)), Is.EqualTo(new[] { (A, "merged.txt") }));
    }

    private static CatFileAnswerReader Answers(byte[] output, long maxSize = 1024) => new(new MemoryStream(output), maxSize);

    [Test]
    public void CatFile_ContentMissingAndOversized_AreToldApartAndTheStreamStaysAligned()
    {
        byte[] output = Encoding.ASCII.GetBytes($"{A} blob 5\nhello\n{B} missing\n{A} blob 2000\n{new string('x', 2000)}\n{B} blob 0\n\n");
        CatFileAnswerReader reader = Answers(output);

        BlobAnswer content = reader.Next(), missing = reader.Next(), large = reader.Next(), empty = reader.Next(), end = reader.Next();

        Assert.Multiple(() =>
        {
            Assert.That(content.Kind, Is.EqualTo(BlobAnswerKind.Content));
            Assert.That(Encoding.ASCII.GetString(content.Buffer!, 0, content.Length), Is.EqualTo("hello"));
            Assert.That((missing.Kind, missing.Header), Is.EqualTo((BlobAnswerKind.NotABlob, $"{B} missing")));
            Assert.That((large.Kind, large.Size), Is.EqualTo((BlobAnswerKind.TooLarge, 2000L)));
            Assert.That((empty.Kind, empty.Length), Is.EqualTo((BlobAnswerKind.Content, 0)));
            Assert.That(end.Kind, Is.EqualTo(BlobAnswerKind.Truncated), "the end of the stream is no answer");
        });
        ArrayPool<byte>.Shared.Return(content.Buffer!);
        ArrayPool<byte>.Shared.Return(empty.Buffer!);
    }

    [TestCase(0, TestName = "CatFile_StreamEndsAfterTheHeader_IsTruncated")]
    [TestCase(40, TestName = "CatFile_StreamEndsInTheContent_IsTruncated")]
    [TestCase(100, TestName = "CatFile_StreamEndsBeforeTheFinalNewline_IsTruncated")]
    public void CatFile_StreamEndsInsideAnAnswer_IsTruncatedNotAnException(int contentBytes)
    {
        byte[] output = Encoding.ASCII.GetBytes($"{A} blob 100\n{new string('y', contentBytes)}");

        BlobAnswer answer = Answers(output).Next();

        Assert.That((answer.Kind, answer.Size, answer.Buffer), Is.EqualTo((BlobAnswerKind.Truncated, 100L, (byte[]?)null)));
    }
}
