using System.Net;
using System.Text.Json;

namespace Engagement.Service.Tests.Infrastructure;

/// <summary>Assertions on RFC 7807 problem details responses.</summary>
public static class Problems
{
    /// <summary>Asserts the status and the problem shape (type, title, status, detail) and returns the document.</summary>
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Multiple(() =>
        {
            Assert.That(problem.GetProperty("type").GetString(), Does.StartWith("https://"));
            Assert.That(problem.GetProperty("title").GetString(), Is.Not.Empty);
            Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
            Assert.That(problem.GetProperty("detail").GetString(), Is.Not.Empty);
            Assert.That(text, Does.Not.Contain(" at Engagement.").And.Not.Contain("StackTrace").And.Not.Contain(".cs:line"));
        });
        return problem;
    }

    /// <summary>Asserts a 400 naming <paramref name="parameter"/> in <c>errors</c> and in the detail.</summary>
    public static async Task<JsonElement> AssertInvalidAsync(HttpResponseMessage response, string parameter)
    {
        var problem = await AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("errors").TryGetProperty(parameter, out _), Is.True, $"errors names '{parameter}': {problem}");
        return problem;
    }
}
