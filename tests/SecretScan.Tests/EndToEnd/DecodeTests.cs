using System.Net;
using System.Text.Json;
using SecretScan.Tests.Support;
using static SecretScan.Tests.Support.FakeKeyFiles;

namespace SecretScan.Tests.EndToEnd;

/// <summary>
/// The decoder stage through the real executable, on the files where encoded credentials really sit: each fake key
/// is found only through decoding, reported at the encoded span with its decode chain, and
/// <c>--max-decode-depth 0</c> turns that off.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class DecodeTests
{
    private sealed record Hit(string Rule, string File, int Line, int Column, string Decoded);

    private static List<Hit> Scan(string folder, params string[] extra)
    {
        var r = CliRunner.Secretscan(folder, ["dir", ".", "--no-config", "-f", "json", .. extra]);
        Assert.That(r.ExitCode, Is.AnyOf(0, 1), r.ToString());
        using var json = JsonDocument.Parse(r.Stdout);
        return [.. json.RootElement.GetProperty("findings").EnumerateArray().Select(f => new Hit(
            f.GetProperty("ruleId").GetString()!, f.GetProperty("file").GetString()!, f.GetProperty("line").GetInt32(), f.GetProperty("column").GetInt32(),
            f.TryGetProperty("decoded", out var d) ? string.Join("+", d.EnumerateArray().Select(e => e.GetString())) : ""))];
    }

    private static void AssertFoundOnlyDecoded(string file, string content, Hit expected)
    {
        using var dir = new TempDirectory();
        dir.File(file, content);
        Assert.Multiple(() =>
        {
            Assert.That(Scan(dir.Path), Is.EqualTo(new[] { expected }));
            // Other rules may flag the encoded blob itself (a generic token, npm's _auth); the provider key is not seen.
            Assert.That(Scan(dir.Path, "--max-decode-depth", "0").Where(h => h.Rule == expected.Rule), Is.Empty, "found only through decoding");
        });
    }

    [Test]
    public void KubernetesSecretManifest_DataValue_IsFoundDecoded()
    {
        string manifest = $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: release-bot
              namespace: ci
            type: Opaque
            data:
              username: {B64("release-bot")}
              token: {B64(FakeSecrets.GitHubPat())}
            """;
        AssertFoundOnlyDecoded("deploy/secret.yaml", manifest + "\n", new Hit("github-pat-classic", "deploy/secret.yaml", 9, 10, "base64"));
    }

    [Test]
    public void DockerConfigJson_AuthsAuth_IsFoundDecoded()
    {
        string config = $$"""
            {
              "auths": {
                "ghcr.io": {
                  "auth": "{{B64("release-bot:" + FakeSecrets.GitHubPat())}}"
                }
              }
            }
            """;
        AssertFoundOnlyDecoded(".docker/config.json", config + "\n", new Hit("github-pat-classic", ".docker/config.json", 4, 16, "base64"));
    }

    [Test]
    public void PullSecret_DockerConfigInsideKubernetesData_ItsAuthIsReadByNameAtTheSecondDepth()
    {
        // The inner auth's user:password has no credential name the shape test could see once decoded: only the
        // container read by name in the first layer's decoded text presents it as a password.
        // Digits in it: a password of letters alone is too weak evidence for the generic rule.
        string password = FakeSecrets.Random(FakeSecrets.Base62, 12) + FakeSecrets.Random("0123456789", 3) + FakeSecrets.Random(FakeSecrets.Base62, 3);
        string dockerConfig = "{\"auths\": {\"registry.example.com\": {\"auth\": \"" + B64("deploy:" + password) + "\"}}}";
        string manifest = $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: registry-pull
            type: kubernetes.io/dockerconfigjson
            data:
              .dockerconfigjson: {B64(dockerConfig)}
            """;
        AssertFoundOnlyDecoded("deploy/pull-secret.yaml", manifest + "\n", new Hit("generic-password", "deploy/pull-secret.yaml", 7, 22, "base64+base64"));
    }

    [Test]
    public void Npmrc_Auth_IsFoundDecoded() =>
        AssertFoundOnlyDecoded(".npmrc", $"@acme:registry=https://npm.pkg.github.com/\nalways-auth=true\n_auth={B64("ci:" + FakeSecrets.GitHubPat())}\n",
            new Hit("github-pat-classic", ".npmrc", 3, 7, "base64"));

    [Test]
    public void EnvFile_EscapedServiceAccountJson_IsFoundDecoded()
    {
        string env = "NODE_ENV=production\nGOOGLE_APPLICATION_CREDENTIALS_JSON=" + JsonString(ServiceAccountJson()) + "\n";
        using var dir = new TempDirectory();
        dir.File(".env", env);
        var hits = Scan(dir.Path);
        Assert.Multiple(() =>
        {
            Assert.That(hits.Select(h => (h.Rule, h.File, h.Line, h.Decoded)), Is.EqualTo(new[] { ("google-service-account-key", ".env", 2, "escape") }));
            Assert.That(hits[0].Column, Is.EqualTo(env.Split('\n')[1].IndexOf("-----BEGIN", StringComparison.Ordinal) + 1), "points at the key inside the string");
            Assert.That(Scan(dir.Path, "--max-decode-depth", "0"), Is.Empty);
        });
    }

    [Test]
    public void XmlConfig_HtmlEntityEncodedJson_IsFoundDecoded()
    {
        string xml = $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <appSettings>
                <add key="GoogleCredentials" value="{WebUtility.HtmlEncode(ServiceAccountJson())}" />
              </appSettings>
            </configuration>
            """;
        using var dir = new TempDirectory();
        dir.File("Web.config", xml + "\n");
        var hits = Scan(dir.Path);
        Assert.Multiple(() =>
        {
            Assert.That(hits.Select(h => (h.Rule, h.File, h.Line, h.Decoded)), Is.EqualTo(new[] { ("google-service-account-key", "Web.config", 4, "entities") }));
            Assert.That(Scan(dir.Path, "--max-decode-depth", "0").Where(h => h.Rule == "google-service-account-key"), Is.Empty);
        });
    }

    [Test]
    public void BasicAuthHeader_InAScript_IsFoundDecoded() =>
        AssertFoundOnlyDecoded("scripts/release.sh",
            $"#!/bin/sh\ncurl -fsS -H 'Authorization: Basic {B64("x-access-token:" + FakeSecrets.GitHubPat())}' https://api.github.com/repos\n",
            new Hit("github-pat-classic", "scripts/release.sh", 2, 36, "base64"));

    [Test]
    public void DecodedFinding_SaysSoInTextAndSarif_AndStaysMasked()
    {
        using var dir = new TempDirectory();
        string token = FakeSecrets.GitHubPat();
        dir.File("secret.yaml", $"kind: Secret\ndata:\n  token: {B64(token)}\n");
        var text = CliRunner.Secretscan(dir.Path, "dir", ".", "--no-config");
        var sarif = CliRunner.Secretscan(dir.Path, "dir", ".", "--no-config", "-f", "sarif");
        using var doc = JsonDocument.Parse(sarif.Stdout);
        var properties = doc.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("properties");
        Assert.Multiple(() =>
        {
            Assert.That(text.ExitCode, Is.EqualTo(1), text.ToString());
            Assert.That(text.Stdout, Does.Contain("in base64-decoded content"));
            Assert.That(text.Stdout + sarif.Stdout, Does.Not.Contain(token[8..]));
            Assert.That(properties.GetProperty("decoded").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "base64" }));
        });
    }

    [Test]
    public void InlineMarker_OnTheEncodedLine_HoldsTheDecodedFindingBack()
    {
        using var dir = new TempDirectory();
        dir.File("secret.yaml", $"kind: Secret\ndata:\n  token: {B64(FakeSecrets.GitHubPat())} # secretscan:allow\n  other: {B64(FakeSecrets.GitHubPat())}\n");
        Assert.That(Scan(dir.Path).Select(h => h.Line), Is.EqualTo(new[] { 4 }));
    }

    [Test]
    public void Baseline_AcceptsADecodedFinding()
    {
        using var dir = new TempDirectory();
        dir.File("tree/secret.yaml", $"kind: Secret\ndata:\n  token: {B64(FakeSecrets.GitHubPat())}\n");
        string tree = dir.Combine("tree");
        var create = CliRunner.Secretscan(tree, "baseline", "create", "-o", "../decoded.baseline.json", "dir", ".", "--no-config");
        Assert.That(create.ExitCode, Is.EqualTo(0), create.ToString());
        Assert.That(CliRunner.Secretscan(tree, "dir", ".", "--no-config").ExitCode, Is.EqualTo(1));
        var r = CliRunner.Secretscan(tree, "dir", ".", "--no-config", "--baseline", "../decoded.baseline.json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.ToString());
    }

    [Test]
    public void Staged_EncodedSpanMustTouchAnAddedLine()
    {
        using var repo = TestRepository.Init();
        string committed = $"kind: Secret\ndata:\n  token: {B64(FakeSecrets.GitHubPat())}\n";
        repo.Commit("secret", ("deploy/secret.yaml", committed));
        repo.Write("deploy/secret.yaml", committed + "  # rotated weekly\n");
        repo.Git("add", ".");
        var untouched = ReportedFinding.From(repo.ScanJson(repo.Path, "staged").Report);
        repo.Write("deploy/added.yaml", $"kind: Secret\ndata:\n  token: {B64(FakeSecrets.GitHubPat())}\n");
        repo.Git("add", ".");
        var added = ReportedFinding.From(repo.ScanJson(repo.Path, "staged").Report);
        Assert.Multiple(() =>
        {
            Assert.That(untouched, Is.Empty, "the encoded line is not part of the change");
            Assert.That(added.Select(f => (f.File, f.Line, f.RuleId)), Is.EqualTo(new[] { ("deploy/added.yaml", 3, "github-pat-classic") }));
        });
    }
}
