using SecretScan.Core;
using SecretScan.Tests.Support;

namespace SecretScan.Tests.Core;

/// <summary>
/// The assignment grammar on its own, with a small vocabulary of its own: every binding form finds the planted
/// value (fresh at every run), and references and identifiers in every syntax are not values.
/// </summary>
public class AssignmentGrammarTests
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private static readonly AssignmentSpec Spec = new()
    {
        Keys = ["password", "account key"],
        NotAfter = ["clear text"],
        Calls = ["NetworkCredential:2", "setPassword:1"],
        Flags = ["--password", "-storagekey"],
    };

    private static readonly Rule GrammarRule = new("grammar-test", AssignmentGrammar.Compile(Spec), AssignmentGrammar.Keywords(Spec),
        new RotationGuide { Url = "https://example.com/rotate", Steps = ["Rotate it."], Update = ["Everywhere"] })
    {
        Generic = true, Precision = "medium", ValueOnNextLine = true, Window = 320,
    };

    private static string Value() => FakeSecrets.Random(Alphabet, 18) + "7";

    private static List<string> Secrets(string text) =>
        [.. new Detector(new RuleSet([GrammarRule]), ignorePathFilters: true)
            .Detect(new Fragment(text, "example.txt", new StdinProvenance())).Findings.Select(f => f.Secret.Reveal())];

    // {0} is where the value goes.
    [TestCase("DB_PASSWORD={0}", TestName = "dotenv")]
    [TestCase("export DB_PASSWORD=\"{0}\"", TestName = "shell export")]
    [TestCase("password = {0}", TestName = "ini")]
    [TestCase("db.password: {0}", TestName = "properties colon")]
    [TestCase("password = \"{0}\"", TestName = "toml and hcl")]
    [TestCase("  password: '{0}'", TestName = "yaml quoted")]
    [TestCase("  password: |\n    {0}\n", TestName = "yaml block scalar")]
    [TestCase("  password: >-\n    {0}\n", TestName = "yaml folded block scalar")]
    // The window takes the next line only after a block-scalar indicator: CRLF, a trailing blank and an indent digit included.
    [TestCase("  password: |2 \r\n    {0}\r\nother: x\r\n", TestName = "yaml block scalar crlf")]
    [TestCase("token: abc\n  password: |+\n    {0}", TestName = "yaml block scalar at the end of the text")]
    [TestCase("{{\"password\":\"{0}\"}}", TestName = "json")]
    [TestCase("<password>{0}</password>", TestName = "xml element")]
    [TestCase("<db password=\"{0}\"/>", TestName = "xml attribute")]
    [TestCase("<add key=\"StorageAccountKey\" value=\"{0}\" />", TestName = "appSettings add key value")]
    [TestCase("password: str = \"{0}\"", TestName = "python annotation")]
    [TestCase("const dbPassword: string = '{0}';", TestName = "typescript")]
    [TestCase("private String password = \"{0}\";", TestName = "java field")]
    [TestCase("Password = \"{0}\",", TestName = "csharp initializer")]
    [TestCase("password := \"{0}\"", TestName = "go short declaration")]
    [TestCase("$password = '{0}';", TestName = "php variable")]
    [TestCase("'password' => '{0}',", TestName = "php array")]
    [TestCase("define('DB_PASSWORD', '{0}');", TestName = "php define")]
    [TestCase(":password => \"{0}\"", TestName = "ruby hash rocket")]
    [TestCase("cfg[\"PASSWORD\"] = \"{0}\"", TestName = "indexer")]
    [TestCase("azureStorageAccountKey = \"{0}\"", TestName = "camelCase key")]
    [TestCase("AZURE_ACCOUNT_KEY={0}", TestName = "SCREAMING_CASE key")]
    [TestCase("account-key: {0}", TestName = "kebab-case key")]
    [TestCase("new NetworkCredential(user, \"{0}\")", TestName = "positional call")]
    [TestCase("ds.setPassword(\"{0}\");", TestName = "setter")]
    [TestCase("tool --password {0} --verbose", TestName = "flag")]
    [TestCase("tool --password='{0}'", TestName = "flag with equals")]
    [TestCase("AzCopy /Dest:x -storagekey {0}", TestName = "single-dash flag")]
    public void Binding_FindsTheValue(string template)
    {
        string value = Value();
        Assert.That(Secrets(string.Format(template, value)), Is.EqualTo(new[] { value }));
    }

    [TestCase("password = ${DB_PASSWORD}")]
    [TestCase("password = \"$(DB_PASSWORD)\"")]
    [TestCase("password: \"#{DbPassword}\"")]
    [TestCase("@Value(\"${db.password}\") String password;")]
    [TestCase("password: \"{{ .Values.db.password }}\"")]
    [TestCase("password: <%= ENV['DB_PASSWORD'] %>")]
    [TestCase("password = getenv(\"DB_PASSWORD\")")]
    [TestCase("password = config.get(\"db\", \"password\")")]
    [TestCase("password = \"PASSWORD_FIELD_NAME\"")]
    [TestCase("password = \"com.example.auth.PasswordEncoder\"")]
    [TestCase("password = \"AWS::RDS::DBPassword\"")]
    [TestCase("password = \"nextPasswordValue\"")]
    [TestCase("password = \"/etc/app/password.txt\"")]
    [TestCase("password = \"https://vault.example/v1/secret\"")]
    [TestCase("password = \"1.4.22\"")]
    [TestCase("password = \"ops@mail.example.org\"")]
    [TestCase("password_file = \"k3Q9xZ2m7Lp4Vb8N\"")]
    [TestCase("ClearTextPassword = \"k3Q9xZ2m7Lp4Vb8N\"")]
    [TestCase("new NetworkCredential(user, password)")]
    [TestCase("tool --password $PASSWORD")]
    public void Reference_OrIdentifier_IsNotAValue(string text) => Assert.That(Secrets(text), Is.Empty);

    [Test]
    public void Keywords_CoverEverySpelling_AndDropRedundantOnes()
    {
        var keywords = AssignmentGrammar.Keywords(Spec);
        Assert.Multiple(() =>
        {
            Assert.That(keywords, Is.SupersetOf(new[] { "password", "accountkey", "account_key", "account-key", "account.key", "NetworkCredential", "storagekey" }));
            Assert.That(keywords, Has.None.EqualTo("setPassword"), "password already finds it");
        });
    }

    [TestCase("account key", "account[_.-]?key")]
    [TestCase("api_key", "api[_.-]?key")]
    [TestCase("pwd", "pwd")]
    public void KeyPattern_AcceptsEveryCaseStyle(string key, string expected) =>
        Assert.That(AssignmentGrammar.KeyPattern(key), Is.EqualTo(expected));

    [Test]
    public void Compile_WithoutKeysCallsOrFlags_Throws() =>
        Assert.Throws<ArgumentException>(() => AssignmentGrammar.Compile(new AssignmentSpec()));

    [Test]
    public void Compile_BadCall_Throws() =>
        Assert.Throws<ArgumentException>(() => AssignmentGrammar.Compile(new AssignmentSpec { Calls = ["NetworkCredential"] }));
}
