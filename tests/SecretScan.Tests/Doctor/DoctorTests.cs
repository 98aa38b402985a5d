using SecretScan.Tests.Support;
using static SecretScan.Tests.Support.ProviderImpersonator;

namespace SecretScan.Tests.Doctor;

/// <summary>
/// <c>secretscan doctor</c> through the real executable on prepared projects: one test per part of the checklist, each
/// asserting the exact check, its status and the exit code, and that no value ever reaches stdout or stderr.
/// </summary>
[CancelAfter(300_000)]
public sealed class DoctorTests
{
    private static string App(params string[] names) => string.Concat(names.Select(n => $"value = os.environ[\"{n}\"]\n"));

    [Test]
    public void ExpectedVariables_AreReadFromEveryIdiom_AndFromEnvOption()
    {
        using var p = new DoctorProject()
            .File("app.py", "import os\na = os.environ['PY_INDEX_API_KEY']\nb = os.getenv(\"PY_GETENV_TOKEN\")\nc = os.environ.get('PY_GET_SECRET')\nhost = os.getenv('DATABASE_HOST')\n")
            .File("web/index.ts", "const k = process.env.NODE_API_KEY;\nconst j = process.env['NODE_BRACKET_TOKEN'];\n")
            .File("src/Program.cs", "var k = Environment.GetEnvironmentVariable(\"DOTNET_SERVICE_TOKEN\");\n")
            .File("lib/app.rb", "key = ENV['RUBY_API_KEY']\nother = ENV.fetch('RUBY_FETCH_SECRET')\n")
            .File("main.go", "k := os.Getenv(\"GO_API_TOKEN\")\n")
            .File("main.c", "char *k = getenv(\"C_API_KEY\");\n")
            .File("docker-compose.yml", "services:\n  api:\n    environment:\n      - COMPOSE_API_KEY=${COMPOSE_API_KEY}\n      - PORT=${PORT:-8080}\n")
            .File(".github/workflows/ci.yml", "jobs:\n  test:\n    env:\n      CI_DEPLOY_TOKEN: ${{ secrets.CI_DEPLOY_TOKEN }}\n");

        DoctorRun run = p.Json(null, "--env", "EXTRA_NAMED_SECRET");

        Assert.That(run.Variables, Is.EquivalentTo(new[]
        {
            "PY_INDEX_API_KEY", "PY_GETENV_TOKEN", "PY_GET_SECRET", "NODE_API_KEY", "NODE_BRACKET_TOKEN", "DOTNET_SERVICE_TOKEN", "RUBY_API_KEY",
            "RUBY_FETCH_SECRET", "GO_API_TOKEN", "C_API_KEY", "COMPOSE_API_KEY", "CI_DEPLOY_TOKEN", "EXTRA_NAMED_SECRET",
        }), run.Raw.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(run.Variables, Has.No.Member("DATABASE_HOST").And.No.Member("PORT"), "not credential-like");
            run.Find("CI_DEPLOY_TOKEN", "presence", "warn", "read only by CI (.github/workflows/ci.yml:4)");
            run.Find("NODE_API_KEY", "presence", "fail", "not set: neither in this environment nor in any .env file");
            Assert.That(run.Raw.ExitCode, Is.EqualTo(1));
        });
    }

    [Test]
    public void Presence_SaysWhereEachIsSet_AndWhichDefinitionWins()
    {
        string envKey = FakeSecrets.OpenAiProjectKey(), local = FakeSecrets.OpenAiProjectKey(), shared = FakeSecrets.OpenAiProjectKey();
        string composeKey = FakeSecrets.StripeLiveKey();
        using var p = new DoctorProject()
            .File("app.py", App("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "STRIPE_SECRET_KEY"))
            .File(".env", $"OPENAI_API_KEY={shared}\nANTHROPIC_API_KEY={DoctorKeys.Anthropic()}\n")
            .File(".env.local", $"OPENAI_API_KEY={local}\n")
            .File("docker-compose.yml", "services:\n  api:\n    env_file:\n      - config/stripe.env\n")
            .File("config/stripe.env", $"STRIPE_SECRET_KEY={composeKey}\n");

        DoctorRun fromFiles = p.Json();
        DoctorRun fromEnv = p.Json(new Dictionary<string, string?> { ["OPENAI_API_KEY"] = envKey });

        Assert.Multiple(() =>
        {
            fromFiles.Find("OPENAI_API_KEY", "presence", "pass", "set in .env.local:1; also in .env:1");
            fromFiles.Find("OPENAI_API_KEY", "duplicate", "warn", ".env.local:1 differs from .env:1 and wins");
            fromFiles.Find("ANTHROPIC_API_KEY", "presence", "pass", "set in .env:2");
            fromFiles.Find("STRIPE_SECRET_KEY", "presence", "pass", "set in config/stripe.env:1 (a compose env_file)");
            fromEnv.Find("OPENAI_API_KEY", "presence", "pass", "set in the environment (the process environment wins over every .env file");
            fromEnv.Find("OPENAI_API_KEY", "duplicate", "warn", "the environment differs from .env.local:1, .env:1 and wins");
            Assert.That(fromFiles.Raw.ExitCode, Is.EqualTo(0), fromFiles.Raw.ToString());
            fromFiles.AssertMasked(envKey, local, shared, composeKey);
            fromEnv.AssertMasked(envKey, local, shared, composeKey);
        });
    }

    [Test]
    public void NearMissName_IsNamed_AndMissingProductionDefinition_Fails()
    {
        string key = FakeSecrets.OpenAiProjectKey();
        using var p = new DoctorProject()
            .File("app.py", App("OPENAI_API_KEY", "GITHUB_TOKEN"))
            .File(".env", $"OPENAI_API_KEY={key}\nGITHUB_TOKEN={FakeSecrets.GitHubPat()}\n")
            .File(".env.production", $"OPENAI_API_KEY={FakeSecrets.OpenAiProjectKey()}\n");

        DoctorRun run = p.Json();

        Assert.Multiple(() =>
        {
            run.Find("GITHUB_TOKEN", "production", "fail", "set locally but missing from .env.production");
            Assert.That(run.Of("OPENAI_API_KEY", "production"), Is.Empty, "defined in production too");
            Assert.That(run.Raw.ExitCode, Is.EqualTo(1));
            run.AssertMasked(key);
        });

        using var missing = new DoctorProject().File("app.py", App("OPENAI_API_KEY")).File(".env", $"OPEN_AI_KEY={key}\n");
        DoctorRun misspelled = missing.Json(new Dictionary<string, string?> { ["openai_api_key"] = key });
        var check = misspelled.Find("OPENAI_API_KEY", "presence", "fail", "not set, but OPEN_AI_KEY is defined in .env:1, openai_api_key is defined in the environment: a misspelling?");
        Assert.Multiple(() =>
        {
            Assert.That(check.Advice, Does.Contain("rename OPEN_AI_KEY to OPENAI_API_KEY"));
            misspelled.Find("OPENAI_API_KEY", "format", "pass", "matches OpenAI project API key");
            Assert.That(misspelled.Of("OPENAI_API_KEY", "presence"), Has.Count.EqualTo(1), "the misspelled value is judged, but presence is not also said to pass");
            misspelled.AssertMasked(key);
        });
    }

    [Test]
    public void Hygiene_EveryWayAValueGetsDamaged_IsNamed()
    {
        string R() => FakeSecrets.Random("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 40);
        var v = Enumerable.Range(0, 12).Select(_ => R()).ToArray();
        string[] names = ["QUOTED_API_KEY", "CR_API_KEY", "SPACED_API_KEY", "MULTILINE_API_KEY", "EXPORTED_API_KEY", "COMMENTED_API_KEY", "TWICE_API_KEY",
            "PLACEHOLDER_API_KEY", "CRLF_API_KEY", "DOCKERQUOTE_API_KEY", "CLEAN_API_KEY", "UNCLOSED_API_KEY"];
        using var p = new DoctorProject()
            .File("app.py", App(names))
            .File(".env", $"SPACED_API_KEY=\" {v[2]}\"\nMULTILINE_API_KEY=\"{v[3][..20]}\n{v[3][20..]}\"\nexport EXPORTED_API_KEY={v[4]}\n" +
                $"COMMENTED_API_KEY={v[5]} # the production key\nTWICE_API_KEY={v[6]}\nTWICE_API_KEY={v[7]}\nPLACEHOLDER_API_KEY=YOUR_API_KEY_HERE\n" +
                $"DOCKERQUOTE_API_KEY=\"{v[9]}\"\nCLEAN_API_KEY={v[10]}\n")
            .File(".env.local", $"CRLF_API_KEY={v[8]}\r\nUNCLOSED_API_KEY=\"{v[11]}\r\n");

        DoctorRun run = p.Json(new Dictionary<string, string?> { ["QUOTED_API_KEY"] = $"\"{v[0]}\"", ["CR_API_KEY"] = v[1] + "\r" });

        Assert.Multiple(() =>
        {
            run.Find("QUOTED_API_KEY", "hygiene", "fail", "the environment: literal quotes are part of the value");
            run.Find("CR_API_KEY", "hygiene", "fail", "a carriage return (\\r) is part of the value");
            run.Find("SPACED_API_KEY", "hygiene", "fail", ".env:1: leading whitespace inside the value");
            run.Find("MULTILINE_API_KEY", "hygiene", "fail", "the value spans more than one line (an embedded newline)");
            run.Find("EXPORTED_API_KEY", "hygiene", "warn", "'export ' prefix");
            run.Find("COMMENTED_API_KEY", "hygiene", "warn", "a trailing comment after an unquoted value");
            run.Find("TWICE_API_KEY", "duplicate", "fail", "defined 2 times in .env (lines 6, 7) with different values");
            run.Find("PLACEHOLDER_API_KEY", "hygiene", "fail", "still a placeholder");
            run.Find("CRLF_API_KEY", "hygiene", "warn", "Windows line endings");
            run.Find("DOCKERQUOTE_API_KEY", "hygiene", "warn", "quoted: dotenv loaders drop the quotes, but 'docker run --env-file'");
            run.Find("UNCLOSED_API_KEY", "hygiene", "fail", "the opening quote (\") is never closed");
            run.Find("CLEAN_API_KEY", "hygiene", "pass", ".env:10: no quotes, spaces, line ends or placeholders");
            Assert.That(run.Raw.ExitCode, Is.EqualTo(1));
            run.AssertMasked(v);
        });
    }

    [Test]
    public void Format_IsJudgedByTheProvidersRule()
    {
        string good = FakeSecrets.OpenAiProjectKey();
        string truncated = FakeSecrets.OpenAiProjectKey()[..^1];
        string anthropic = DoctorKeys.Anthropic();
        string typographic = anthropic[..30] + "\u2019" + anthropic[31..];
        string typo = DoctorKeys.GitHubPatWithTypo();
        string publishable = "pk_live_" + FakeSecrets.Random("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 24);
        string github = FakeSecrets.GitHubPat();
        string org = DoctorKeys.OpenAiOrgId();
        using var p = new DoctorProject()
            .File("app.py", App("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GITHUB_TOKEN", "STRIPE_SECRET_KEY", "OPENAI_ADMIN_KEY", "HF_TOKEN", "OPENAI_SERVICE_KEY"))
            .File(".env", $"OPENAI_API_KEY={truncated}\nANTHROPIC_API_KEY={typographic}\nGITHUB_TOKEN={typo}\nSTRIPE_SECRET_KEY={publishable}\n" +
                $"OPENAI_ADMIN_KEY={org}\nHF_TOKEN={github}\nOPENAI_SERVICE_KEY={good}\n");

        DoctorRun run = p.Json();

        Assert.Multiple(() =>
        {
            run.Find("OPENAI_API_KEY", "format", "fail", "looks truncated: 163 of 164 characters (openai-project-key)");
            run.Find("ANTHROPIC_API_KEY", "format", "fail", "contains '\u2019' (U+2019), a typographic quote: pasted from a document or chat?");
            run.Find("GITHUB_TOKEN", "format", "fail", "fails its checksum: probably a typo (github-pat-classic)");
            run.Find("STRIPE_SECRET_KEY", "format", "fail", "looks like a publishable key (pk_)");
            run.Find("OPENAI_ADMIN_KEY", "format", "fail", "looks like an OpenAI organization id, not a secret key");
            run.Find("HF_TOKEN", "format", "fail", "holds a GitHub credential (github-pat-classic), but the name says Hugging Face");
            run.Find("OPENAI_SERVICE_KEY", "format", "pass", "matches OpenAI project API key (openai-project-key)");
            Assert.That(run.Raw.ExitCode, Is.EqualTo(1));
            run.AssertMasked(good, truncated, typographic, typo, publishable, github, org);
        });
    }

    [Test]
    public void LeakedValue_IsSaidFirst_WithItsCommit()
    {
        using var repo = TestRepository.Init();
        string key = FakeSecrets.OpenAiProjectKey();
        repo.Commit("add client", ("client.py", $"import os\nKEY = os.getenv('OPENAI_API_KEY') or '{key}'\n"));
        repo.Commit("remove the fallback", ("client.py", "import os\nKEY = os.getenv('OPENAI_API_KEY')\n"));
        string sha = repo.Git("rev-parse", "HEAD~1").Trim();
        File.WriteAllText(Path.Combine(repo.Path, ".env"), $"OPENAI_API_KEY={key}\n");

        var raw = CliRunner.Run(CliRunner.Executable, ["doctor", "-f", "json"], repo.Path, environment: DoctorProject.Environment(repo.Environment), timeoutMs: 60_000);
        var run = new DoctorRun(raw);

        var checks = run.Checks.Where(c => c.Variable == "OPENAI_API_KEY").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(checks[0].Name, Is.EqualTo("leaked"), string.Join('\n', checks));
            Assert.That(checks[0].Status, Is.EqualTo("fail"));
            Assert.That(checks[0].Message, Does.Contain($"the value is in git history: commit {sha[..12]} client.py:2"));
            Assert.That(checks[0].Advice, Does.StartWith("rotate the key before anything else: https://platform.openai.com/api-keys"));
            Assert.That(raw.ExitCode, Is.EqualTo(1));
            run.AssertMasked(key);
        });
    }

    [Test]
    public void HealthyProject_ExitsZero_AndTheTextSaysSo()
    {
        string key = FakeSecrets.OpenAiProjectKey();
        using var p = new DoctorProject().File("app.py", App("OPENAI_API_KEY")).File(".env.local", $"OPENAI_API_KEY={key}\n");

        var r = p.Run(null);

        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
            Assert.That(r.Stdout, Does.Contain("✓ presence   set in .env.local:1"));
            Assert.That(r.Stdout, Does.Contain("✓ format     matches OpenAI project API key (openai-project-key)"));
            Assert.That(r.Stdout, Does.Contain("✓ leaked     not found in the project's files (not a git repository)"));
            Assert.That(r.Stdout, Does.Contain("0 failed, 0 to look at: no problem found"));
            Assert.That(r.Stdout + r.Stderr, Does.Not.Contain(key[(key.Length / 2)..]));
        });
    }

    [Test]
    public void TextAndJson_CarryTheSameChecks()
    {
        using var p = new DoctorProject().File("app.py", App("OPENAI_API_KEY", "GITHUB_TOKEN"))
            .File(".env", $"OPENAI_API_KEY={FakeSecrets.OpenAiProjectKey()[..^3]}\nGITHUB_TOKEN=\" {FakeSecrets.GitHubPat()}\"\n");

        var text = p.Run(null);
        DoctorRun json = p.Json();

        string[] lines = [.. text.Stdout.Split('\n').Where(l => l.StartsWith("  ✓", StringComparison.Ordinal) || l.StartsWith("  ✗", StringComparison.Ordinal) || l.StartsWith("  ?", StringComparison.Ordinal))];
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(json.Checks.Count), text.Stdout);
            foreach (var c in json.Checks)
                Assert.That(text.Stdout, Does.Contain(c.Message), "text shows every JSON check");
            Assert.That(text.ExitCode, Is.EqualTo(json.Raw.ExitCode));
            Assert.That(json.Report.GetProperty("summary").GetProperty("failed").GetInt32(), Is.EqualTo(json.Checks.Count(c => c.Status == "fail")));
        });
    }

    [Test]
    public void AsciiConsole_GetsWordsInsteadOfSymbols()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("the console code page is chosen by LANG/LC_ALL on Unix only");
        using var p = new DoctorProject().File("app.py", App("OPENAI_API_KEY")).File(".env", $"OPENAI_API_KEY={FakeSecrets.OpenAiProjectKey()[..^1]}\n");

        var r = p.Run(new Dictionary<string, string?> { ["LC_ALL"] = "en_US.ISO-8859-1", ["LANG"] = "en_US.ISO-8859-1" });

        Assert.Multiple(() =>
        {
            Assert.That(r.Stdout, Does.Contain("OK   presence"));
            Assert.That(r.Stdout, Does.Contain("FAIL format     looks truncated: 163 of 164 characters"));
            Assert.That(r.Stdout, Does.Contain("-> the paste lost its end"));
            Assert.That(r.Stdout, Does.Not.Contain("✓").And.Not.Contain("✗").And.Not.Contain("→"));
        });
    }

    [TestCase(new[] { "doctor", "no-such-folder" }, "'no-such-folder' is not a folder")]
    [TestCase(new[] { "doctor", "-f", "sarif" }, "unknown doctor format 'sarif' (expected text or json)")]
    [TestCase(new[] { "doctor", "--env", "NOT A NAME" }, "--env: 'NOT A NAME' is not an environment variable name")]
    [TestCase(new[] { "doctor", "--verify-timeout", "2" }, "--verify-timeout belongs to --online")]
    [TestCase(new[] { "doctor", "--bogus" }, "unknown option '--bogus' for 'doctor'")]
    public void BadInput_ExitsTwo_WithAMessage(string[] args, string message)
    {
        using var p = new DoctorProject().File("app.py", App("OPENAI_API_KEY"));
        var r = CliRunner.Run(CliRunner.Executable, args, p.Path, timeoutMs: 60_000);
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2), r.ToString());
            Assert.That(r.Stderr, Does.Contain(message));
            Assert.That(r.Stderr, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [Test]
    public void NoCredentialVariables_IsSaid_AndExitsZero()
    {
        using var p = new DoctorProject().File("app.py", "import os\nhost = os.getenv('DATABASE_HOST')\n");
        DoctorRun run = p.Json();
        run.Find("", "expected", "warn", "reads no credential-like environment variable");
        Assert.That(run.Raw.ExitCode, Is.EqualTo(0));
    }

    private static Answer Provider(Request r) => r.Host switch
    {
        "api.openai.com" => new Reply(403, "{\"error\":{\"code\":\"unsupported_country_region_territory\"}}"),
        "api.github.com" => new Reply(401, "{\"message\":\"Bad credentials\"}"),
        "api.stripe.com" => new Reply(429, "{\"error\":{\"type\":\"rate_limit_error\"}}"),
        "api.sendgrid.com" => new Reply(200, "{\"scopes\":[\"mail.send\"]}"),
        _ => new Reply(500),
    };

    [Test]
    public void Online_MapsEachAnswerToItsCause()
    {
        using var server = new ProviderImpersonator(Provider);
        string openai = FakeSecrets.OpenAiProjectKey(), github = FakeSecrets.GitHubPat(), stripe = FakeSecrets.StripeLiveKey(), sendgrid = VerifySecrets.SendGrid();
        using var p = new DoctorProject()
            .File("app.py", App("OPENAI_API_KEY", "GITHUB_TOKEN", "STRIPE_SECRET_KEY", "SENDGRID_API_KEY"))
            .File(".env", $"OPENAI_API_KEY={openai}\nGITHUB_TOKEN={github}\nSTRIPE_SECRET_KEY={stripe}\nSENDGRID_API_KEY={sendgrid}\n" +
                $"OPENAI_ORG_ID={DoctorKeys.OpenAiOrgId()}\nOPENAI_BASE_URL=https://llm-proxy.internal.example/v1\nOPENAI_PROJECT_ID={DoctorKeys.OpenAiOrgId()}\n");

        DoctorRun run = p.Json(server.Environment(), "--online", "--verify-timeout", "3");

        Assert.Multiple(() =>
        {
            var restricted = run.Find("OPENAI_API_KEY", "online", "fail", "the key is valid but refused here (HTTP 403): an IP allowlist, organization, project or scope restriction");
            Assert.That(restricted.Advice, Does.Contain("check OPENAI_BASE_URL and OPENAI_ORG_ID and OPENAI_PROJECT_ID too"));
            run.Find("OPENAI_API_KEY", "endpoint", "warn", "OPENAI_BASE_URL (.env:6) sends requests to llm-proxy.internal.example, not api.openai.com");
            run.Find("OPENAI_API_KEY", "settings", "pass", "OPENAI_ORG_ID (.env:5) is set");
            run.Find("OPENAI_API_KEY", "settings", "fail", "OPENAI_PROJECT_ID (.env:7) does not look like an OpenAI project id (proj_...)");
            var invalid = run.Find("GITHUB_TOKEN", "online", "fail", "api.github.com refuses the key (HTTP 401): revoked, rotated by someone else, or mistyped");
            Assert.That(invalid.Advice, Does.Contain("create a new key at https://github.com/settings/tokens"));
            run.Find("STRIPE_SECRET_KEY", "online", "fail", "the key is valid but blocked by billing, quota or a rate limit (HTTP 429)");
            run.Find("SENDGRID_API_KEY", "online", "pass", "api.sendgrid.com accepts the key (HTTP 200)");
            Assert.That(server.Requests.Select(q => q.Host).Order(), Is.EqualTo(new[] { "api.github.com", "api.openai.com", "api.sendgrid.com", "api.stripe.com" }),
                "one read-only request per key, each to its provider");
            Assert.That(server.Requests.Select(q => q.Method), Is.All.EqualTo("GET"));
            Assert.That(run.Raw.Stderr, Does.Contain("loopback impersonator"), "test mode says so");
            Assert.That(run.Raw.ExitCode, Is.EqualTo(1));
            run.AssertMasked(openai, github, stripe, sendgrid);
        });
    }

    [Test]
    public void Online_NetworkFailure_IsNotCalledInvalid()
    {
        int closedPort;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
        }
        string key = FakeSecrets.OpenAiProjectKey();
        using var p = new DoctorProject().File("app.py", App("OPENAI_API_KEY")).File(".env", $"OPENAI_API_KEY={key}\n");
        var env = new Dictionary<string, string?>
        {
            [SecretScan.Verification.LoopbackOverride.HostsVariable] = $"*=127.0.0.1:{closedPort}",
            [SecretScan.Verification.LoopbackOverride.GuardVariable] = SecretScan.Verification.LoopbackOverride.GuardValue,
        };

        DoctorRun run = p.Json(env, "--online", "--verify-timeout", "3");

        var check = run.Find("OPENAI_API_KEY", "online", "warn", "api.openai.com could not be reached (network error");
        Assert.Multiple(() =>
        {
            Assert.That(check.Advice, Does.Contain("HTTPS_PROXY"));
            Assert.That(run.Raw.ExitCode, Is.EqualTo(0), "an unreachable provider is not a problem with the key");
            run.AssertMasked(key);
        });
    }

    [Test]
    public void Online_LiveKey_Passes()
    {
        using var server = new ProviderImpersonator(_ => new Reply(200, "{\"data\":[]}"));
        string key = FakeSecrets.OpenAiProjectKey();
        using var p = new DoctorProject().File("app.py", App("OPENAI_API_KEY")).File(".env", $"OPENAI_API_KEY={key}\n");

        DoctorRun run = p.Json(server.Environment(), "--online");

        run.Find("OPENAI_API_KEY", "online", "pass", "api.openai.com accepts the key (HTTP 200)");
        Assert.That(run.Raw.ExitCode, Is.EqualTo(0), run.Raw.ToString());
        Assert.That(server.Requests.Single().Header("Authorization"), Is.EqualTo("Bearer " + key), "the key went to the impersonator, and only there");
        run.AssertMasked(key);
    }
}
