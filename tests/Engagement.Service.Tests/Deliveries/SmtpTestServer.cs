using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace Engagement.Service.Tests.Deliveries;

/// <summary>
/// A small SMTP server (RFC 5321: EHLO, MAIL, RCPT, DATA with dot-stuffing, RSET, NOOP, QUIT) on a
/// real TCP socket at 127.0.0.1, keeping each message it accepts. Recipients in
/// <see cref="Refused"/> get a 550, those in <see cref="Deferred"/> a 451.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<(IReadOnlyList<string> To, MimeMessage Message)> _messages = new();
    private Task _accepting = Task.CompletedTask;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentDictionary<string, bool> Refused { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, bool> Deferred { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<(IReadOnlyList<string> To, MimeMessage Message)> Messages => [.. _messages];

    public static SmtpTestServer Start()
    {
        var server = new SmtpTestServer();
        server._listener.Start();
        server._accepting = server.AcceptAsync();
        return server;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 localhost ESMTP test server");
        var to = new List<string>();
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-localhost");
                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "HELO" or "NOOP":
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "MAIL":
                    to.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT":
                    var address = line[(line.IndexOf('<', StringComparison.Ordinal) + 1)..line.IndexOf('>', StringComparison.Ordinal)];
                    if (Refused.ContainsKey(address))
                    {
                        await writer.WriteLineAsync("550 5.1.1 no such user");
                    }
                    else if (Deferred.ContainsKey(address))
                    {
                        await writer.WriteLineAsync("451 4.3.0 try again later");
                    }
                    else
                    {
                        to.Add(address);
                        await writer.WriteLineAsync("250 OK");
                    }

                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(_stop.Token) is { } body && body != ".")
                    {
                        data.Append(body.StartsWith("..", StringComparison.Ordinal) ? body[1..] : body).Append("\r\n");
                    }

                    using (var message = new MemoryStream(Encoding.ASCII.GetBytes(data.ToString())))
                    {
                        _messages.Enqueue(([.. to], await MimeMessage.LoadAsync(message)));
                    }

                    await writer.WriteLineAsync("250 OK queued");
                    break;
                case "RSET":
                    to.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return;
                default:
                    await writer.WriteLineAsync("502 command not implemented");
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
