using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.FileProviders;

namespace Engagement.Service.Cli;

/// <summary>
/// What rendering a page needs of a web host, for a verb's host (no web server): the host's own
/// environment, with no web root. Scheduled reports render the compare page in any host.
/// </summary>
internal sealed class CliWebEnvironment(IHostEnvironment host) : IWebHostEnvironment
{
    public string ApplicationName { get; set; } = host.ApplicationName;

    public IFileProvider ContentRootFileProvider { get; set; } = host.ContentRootFileProvider;

    public string ContentRootPath { get; set; } = host.ContentRootPath;

    public string EnvironmentName { get; set; } = host.EnvironmentName;

    public IFileProvider WebRootFileProvider { get; set; } = new NullFileProvider();

    public string WebRootPath { get; set; } = host.ContentRootPath;
}
