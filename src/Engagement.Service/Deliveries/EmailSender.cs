using System.Text.Json;
using Engagement.Data.Store.Deliveries;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Engagement.Service.Deliveries;

/// <summary>
/// Sends a delivery as an e-mail through the configured SMTP server (MailKit): the event's summary
/// as the text, the run's files attached. A refusal of the recipient or the message (5xx) is
/// final; a connection problem or a temporary refusal (4xx) is retried.
/// </summary>
public sealed class EmailSender(IOptions<SmtpOptions> options)
{
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.Host) && !string.IsNullOrWhiteSpace(options.Value.From);

    public async Task<SendResult> SendAsync(Delivery delivery, IReadOnlyList<RunFile> files, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(files);
        var settings = options.Value;
        if (!IsConfigured)
        {
            return SendResult.Refused("e-mail is not configured: set Smtp:Host and Smtp:From");
        }

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(MailboxAddress.Parse(delivery.Target));
        message.Subject = delivery.Subject;
        message.Headers.Add("Engagement-Delivery", delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var body = new BodyBuilder { TextBody = Summary(delivery.Payload) };
        foreach (var file in files)
        {
            // Base64 keeps the bytes exact: a text part would have its line endings rewritten to CRLF.
            var attachment = (MimePart)body.Attachments.Add(file.Name, file.Content, ContentType.Parse(file.ContentType));
            attachment.ContentTransferEncoding = ContentEncoding.Base64;
        }

        message.Body = body.ToMessageBody();
        using var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, Security(settings.Security), ct);
            if (settings.Username.Length > 0)
            {
                await client.AuthenticateAsync(settings.Username, settings.Password, ct);
            }

            await client.SendAsync(message, ct);
            await client.DisconnectAsync(quit: true, ct);
            return SendResult.Ok();
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            return SendResult.Refused($"the SMTP server refused the message: {(int)e.StatusCode} {e.Message}", (int)e.StatusCode);
        }
        catch (SmtpCommandException e)
        {
            return SendResult.Retry($"the SMTP server deferred the message: {(int)e.StatusCode} {e.Message}", (int)e.StatusCode);
        }
        catch (AuthenticationException)
        {
            return SendResult.Refused("the SMTP server refused the credentials (Smtp:Username, Smtp:Password)");
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or SmtpProtocolException or ServiceNotConnectedException or TimeoutException)
        {
            return SendResult.Retry($"the SMTP server could not be reached: {e.GetType().Name}");
        }
    }

    /// <summary>Whether <paramref name="address"/> is one e-mail address (checked when a schedule or rule is saved).</summary>
    public static bool IsAddress(string address) =>
        address.Length <= 254 && !address.Contains(',', StringComparison.Ordinal)
        && MailboxAddress.TryParse(address, out var parsed) && parsed.Address == address && address.Contains('@', StringComparison.Ordinal);

    private static string Summary(string payload)
    {
        using var json = JsonDocument.Parse(payload);
        return json.RootElement.TryGetProperty("summary", out var summary) ? summary.GetString() ?? payload : payload;
    }

    private static SecureSocketOptions Security(string text) => text switch
    {
        "None" => SecureSocketOptions.None,
        "StartTls" => SecureSocketOptions.StartTls,
        "SslOnConnect" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
