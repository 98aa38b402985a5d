using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SecretScan.Tests.Support;

/// <summary>
/// A real HTTP/1.1 server on the loopback interface that plays the providers' APIs for verification tests, so that no
/// test ever reaches the internet. It tells providers apart by the Host header (the verifier always sends the
/// provider's host) and answers with whatever the test's handler says: a status and body, a slow answer, garbage
/// that is not HTTP, or a redirect. Every request is recorded.
/// </summary>
public sealed class ProviderImpersonator : IDisposable
{
    public sealed record Request(string Method, string Host, string Target, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At)
    {
        public string Header(string name) => Headers.TryGetValue(name, out string? v) ? v : "";
    }

    public abstract record Answer;
    public sealed record Reply(int Status, string Body = "{}", IReadOnlyDictionary<string, string>? Headers = null) : Answer;
    public sealed record Slow(TimeSpan Delay, int Status = 200, string Body = "{}") : Answer;
    /// <summary>Bytes that are not an HTTP response, then the connection is closed.</summary>
    public sealed record Garbage(string Text) : Answer;

    public static Reply Redirect(string location, int status = 302) => new(status, "", new Dictionary<string, string> { ["Location"] = location });

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Request, Answer> _handler;
    private readonly Task _loop;

    public ProviderImpersonator(Func<Request, Answer> handler)
    {
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _loop = Task.Run(AcceptLoop);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>The environment that points every verifier of the real executable at this server.</summary>
    public Dictionary<string, string?> Environment(string hosts = "*") => new()
    {
        [SecretScan.Verification.LoopbackOverride.HostsVariable] = string.Join(',', hosts.Split(',').Select(h => $"{h}=127.0.0.1:{Port}")),
        [SecretScan.Verification.LoopbackOverride.GuardVariable] = SecretScan.Verification.LoopbackOverride.GuardValue,
        ["HTTPS_PROXY"] = null, ["https_proxy"] = null, ["HTTP_PROXY"] = null, ["http_proxy"] = null, ["ALL_PROXY"] = null,
    };

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                Request? request = await ReadRequest(stream);
                if (request is null) return;
                Requests.Enqueue(request);
                Answer answer = _handler(request);
                switch (answer)
                {
                    case Garbage g:
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(g.Text), _stop.Token);
                        return;
                    case Slow s:
                        await Task.Delay(s.Delay, _stop.Token);
                        await Write(stream, new Reply(s.Status, s.Body));
                        return;
                    case Reply r:
                        await Write(stream, r);
                        return;
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { }
        }
    }

    private async Task Write(NetworkStream stream, Reply reply)
    {
        byte[] body = Encoding.UTF8.GetBytes(reply.Body);
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {reply.Status} Status\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n");
        foreach (var (k, v) in reply.Headers ?? new Dictionary<string, string>()) head.Append(CultureInfo.InvariantCulture, $"{k}: {v}\r\n");
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), _stop.Token);
        await stream.WriteAsync(body, _stop.Token);
        await stream.FlushAsync(_stop.Token);
    }

    private async Task<Request?> ReadRequest(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[4096];
        int headerEnd = -1;
        while (headerEnd < 0)
        {
            int n = await stream.ReadAsync(one, _stop.Token);
            if (n == 0) return null;
            buffer.AddRange(one.AsSpan(0, n).ToArray());
            headerEnd = IndexOf(buffer, "\r\n\r\n"u8.ToArray());
            if (buffer.Count > 1 << 20) return null;
        }
        string head = Encoding.ASCII.GetString(buffer.GetRange(0, headerEnd).ToArray());
        string[] lines = head.Split("\r\n");
        string[] start = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        int length = headers.TryGetValue("Content-Length", out string? cl) ? int.Parse(cl, CultureInfo.InvariantCulture) : 0;
        var body = buffer.Skip(headerEnd + 4).ToList();
        while (body.Count < length)
        {
            int n = await stream.ReadAsync(one, _stop.Token);
            if (n == 0) break;
            body.AddRange(one.AsSpan(0, n).ToArray());
        }
        string host = headers.GetValueOrDefault("Host", "");
        if (start[0] == "CONNECT") host = start[1];
        return new Request(start[0], host, start.Length > 1 ? start[1] : "", headers, Encoding.UTF8.GetString(body.ToArray()), DateTimeOffset.UtcNow);
    }

    private static int IndexOf(List<byte> haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Count; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _stop.Dispose();
    }
}

/// <summary>Fresh fake credentials of the providers the impersonator plays, beyond <see cref="FakeSecrets"/>.</summary>
public static class VerifySecrets
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string UrlSafe = Base62 + "_-";
    private const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string Hex = "0123456789abcdef";

    private static string R(string alphabet, int n) => FakeSecrets.Random(alphabet, n);

    public static string SlackBot() => $"xoxb-{R("123456789", 11)}-{R("123456789", 12)}-{R(Base62, 24)}";
    public static string SendGrid() => $"SG.{R(UrlSafe, 22)}.{R(UrlSafe, 43)}";
    public static string HuggingFace() => "hf_" + R(Letters, 34);
    public static string Telegram() => $"{R("123456789", 9)}:AA{R(UrlSafe, 33)}";
    public static string DigitalOcean() => "dop_v1_" + R(Hex, 64);
    public static string AwsSecret() => R(Base62 + "/+", 40);
}
