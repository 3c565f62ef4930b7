using Engagement.Data.Store;

namespace Engagement.Service.Hosting;

/// <summary>What <c>serve</c> prints once listening: where, and for the demo the key and calls to try.</summary>
public static class ServeBanner
{
    public static async Task WriteAsync(TextWriter output, WebApplication app, DemoSeed? demo)
    {
        var url = app.Urls.FirstOrDefault()?.TrimEnd('/') ?? "http://127.0.0.1:5080";
        var store = StoreConnection.Describe(app.Services.GetRequiredService<IDbConnectionFactory>());
        await output.WriteLineAsync($"Engagement is listening on {string.Join(", ", app.Urls)} (store: {store}). Ctrl+C stops it.");
        if (demo is null)
        {
            await output.WriteLineAsync($"API: {url}/api/v1 (needs a key: engagement keys create --name NAME --role viewer|editor|owner); OpenAPI: {url}/openapi/v1.json; pages: {url}/");
            return;
        }

        var pair = string.Join(',', demo.Brands.Take(3));
        await output.WriteLineAsync($"""

            Demo: {demo.Brands.Count} brands from {DemoData.SampleFolder} in a fresh database (deleted on exit).
            Admin API key (shown once): {demo.AdminKey}

            Try:
              curl -H "Authorization: Bearer {demo.AdminKey}" {url}/api/v1/brands
              curl -H "Authorization: Bearer {demo.AdminKey}" "{url}/api/v1/reports/compare?brands={pair}"
              curl -H "Authorization: Bearer {demo.AdminKey}" "{url}/api/v1/reports/brands/{demo.Brands[0]}?format=csv"

            Report pages: {url}/reports/compare.html?brands={pair} (sign in at {url}/signin with the key)
            OpenAPI: {url}/openapi/v1.json
            """);
    }
}
