using SecretScan.Core;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Core;

/// <summary>
/// Kubernetes env lists (<c>- name: X</c> / <c>value: Y</c>) read as <c>X=Y</c>: the grammar rule sees the pair and the
/// finding stands at the value; <c>valueFrom</c>, other lists' <c>name</c>/<c>value</c> keys and names that are not
/// credential names are not findings.
/// </summary>
public class KubernetesEnvPairsTests
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private static readonly Rule GrammarRule = new("grammar-test", AssignmentGrammar.Compile(new AssignmentSpec { Keys = ["password", "api key"] }),
        AssignmentGrammar.Keywords(new AssignmentSpec { Keys = ["password", "api key"] }),
        new RotationGuide { Url = "https://example.com/rotate", Steps = ["Rotate it."], Update = ["Everywhere"] })
    {
        Generic = true, Precision = "medium", SpansLines = true, Window = 320,
    };

    private static string Value() => FakeSecrets.Random(Alphabet, 20) + "7";

    private static List<Finding> Detect(string text) =>
        new Detector(new RuleSet([GrammarRule]), ignorePathFilters: true).Detect(new Fragment(text, "deploy.yaml", new StdinProvenance())).Findings;

    private static string Manifest(string envItems) =>
        "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1\n          env:\n" + envItems;

    [TestCase("            - name: DB_PASSWORD\n              value: {0}\n", TestName = "bare value")]
    [TestCase("            - name: DB_PASSWORD\n              value: \"{0}\"\n", TestName = "double-quoted value")]
    [TestCase("            - name: 'SERVICE_API_KEY'\n              value: '{0}'   # rotated monthly\n", TestName = "quoted name, comment")]
    [TestCase("            - {{ name: DB_PASSWORD, value: \"{0}\" }}\n", TestName = "flow mapping")]
    [TestCase("            - name: DB_PASSWORD\r\n              value: {0}\r\n", TestName = "CRLF")]
    public void Pair_IsReadAsAnAssignment_AndReportedAtTheValue(string item)
    {
        string value = Value();
        string text = Manifest(string.Format(System.Globalization.CultureInfo.InvariantCulture, item, value));
        var findings = Detect(text);
        Assert.That(findings, Has.Count.EqualTo(1), text);
        Finding f = findings[0];
        int at = text.IndexOf(value, StringComparison.Ordinal);
        var lines = text[..at].Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(f.Secret.Reveal(), Is.EqualTo(value));
            Assert.That(f.Location.StartOffset, Is.EqualTo(at), "the finding points at the value in the manifest");
            Assert.That(f.Location.EndOffset, Is.EqualTo(at + value.Length));
            Assert.That(f.Location.StartLine, Is.EqualTo(lines.Length));
            Assert.That(f.Location.StartColumn, Is.EqualTo(lines[^1].Length + 1));
        });
    }

    [TestCase("            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: db\n                  key: password\n", TestName = "valueFrom")]
    [TestCase("            - name: LOG_LEVEL\n              value: {0}\n", TestName = "not a credential name")]
    [TestCase("            - name: DB_PASSWORD_FILE\n              value: /run/secrets/{0}\n", TestName = "a path")]
    [TestCase("            - name: DB_PASSWORD\n              value: \"$(DB_PASSWORD_FROM_VAULT)\"\n", TestName = "a reference")]
    [TestCase("            - name: DB_PASSWORD\n          value: {0}\n", TestName = "value of another item")]
    public void NotAPair_OrNotASecret_IsNotAFinding(string item)
    {
        string text = Manifest(string.Format(System.Globalization.CultureInfo.InvariantCulture, item, Value()));
        Assert.That(Detect(text), Is.Empty, text);
    }

    [Test]
    public void WithoutAnEnvList_NothingIsRead()
    {
        string text = "labels:\n  - name: DB_PASSWORD\n    value: " + Value() + "\n";
        Assert.Multiple(() =>
        {
            Assert.That(KubernetesEnvPairs.Find(text), Is.Empty);
            Assert.That(KubernetesEnvPairs.MayContain("kind: Deployment\nspec: {}\n"u8), Is.False);
        });
    }

    [Test]
    public void SameSecretWrittenPlainToo_IsOneFinding()
    {
        string value = Value();
        string text = Manifest($"            - name: DB_PASSWORD\n              value: {value}\n") + $"# DB_PASSWORD={value}\n";
        Assert.That(Detect(text).Select(f => f.Secret.Reveal()), Is.EqualTo(new[] { value }));
    }
}
