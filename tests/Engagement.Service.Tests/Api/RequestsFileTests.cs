using System.Text.RegularExpressions;
using Engagement.Service.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Engagement.Service.Tests.Api;

/// <summary>samples/requests.http is documentation people run: it must keep up with the routes.</summary>
public partial class RequestsFileTests : ApiFixture
{
    [Test]
    public void Requests_file_calls_every_api_route()
    {
        var requests = RequestLine().Matches(File.ReadAllText(RequestsFile()))
            .Select(m => (Method: m.Groups["method"].Value, Path: m.Groups["path"].Value.Split('?')[0]))
            .ToList();
        var routes = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } path && (path.StartsWith("/api/", StringComparison.Ordinal) || path == "/health"))
            .SelectMany(e => e.Metadata.GetOrderedMetadata<HttpMethodMetadata>().SelectMany(m => m.HttpMethods).Select(method => (Method: method, Template: e.RoutePattern.RawText!.TrimEnd('/'))))
            .ToList();
        var missing = routes
            .Where(route => !requests.Any(r => r.Method == route.Method && Regex.IsMatch(r.Path, $"^{Regex.Replace(route.Template, @"\{[^}]+\}", "[^/]+")}$")))
            .Select(route => $"{route.Method} {route.Template}");
        Assert.That(missing, Is.Empty);
    }

    private static string RequestsFile()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "samples", "requests.http");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("samples/requests.http not found above the test folder");
    }

    [GeneratedRegex(@"^(?<method>GET|POST|PUT|DELETE) \{\{base\}\}(?<path>\S+)", RegexOptions.Multiline)]
    private static partial Regex RequestLine();
}
