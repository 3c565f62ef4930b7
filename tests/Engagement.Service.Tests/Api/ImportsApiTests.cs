using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Engagement.Service.Tests.Infrastructure;

namespace Engagement.Service.Tests.Api;

public class ImportsApiTests : ApiFixture
{
    [Test]
    public async Task Part_named_by_its_field_is_imported_whatever_its_file_name()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("brand,name,industry\nimport-field,By Field,studio\n"), "brands", "export-2026.csv" },
        };
        var result = await Admin.PostAsync("/api/v1/imports", form);
        var body = await result.Content.ReadFromJsonAsync<JsonElement>();
        var file = body.GetProperty("files")[0];
        Assert.Multiple(() =>
        {
            Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(file.GetProperty("file").GetString(), Is.EqualTo("brands.csv"));
            Assert.That(file.GetProperty("kind").GetString(), Is.EqualTo("brands"));
            Assert.That(file.GetProperty("stored").GetInt64(), Is.EqualTo(1));
            Assert.That(body.GetProperty("stored").GetInt64(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Rejected_rows_are_listed_with_file_line_column_and_reason()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("brand,name,industry\nimport-good,Good,\nImport Bad,Bad,\nimport-empty,,\n"), "file", "brands.csv" },
        };
        var body = await (await Admin.PostAsync("/api/v1/imports", form)).Content.ReadFromJsonAsync<JsonElement>();
        var rows = body.GetProperty("files")[0].GetProperty("rejectedRows").EnumerateArray()
            .Select(r => $"{r.GetProperty("file").GetString()}:{r.GetProperty("line").GetInt32()}:{r.GetProperty("column").GetString()}").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("rejected").GetInt64(), Is.EqualTo(2));
            Assert.That(rows, Is.EqualTo(new[] { "brands.csv:3:brand", "brands.csv:4:name" }));
            Assert.That(body.GetProperty("files")[0].GetProperty("rejectedRows")[0].GetProperty("reason").GetString(), Is.Not.Empty);
        });
    }

    [Test]
    public async Task File_of_the_wrong_shape_is_rejected_whole()
    {
        using var form = new MultipartFormDataContent { { new StringContent("brand,title\nx,y\n"), "brands", "brands.csv" } };
        var file = (await (await Admin.PostAsync("/api/v1/imports", form)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("files")[0];
        Assert.That(file.GetProperty("fileRejection").GetString(), Does.Contain("name"));
        Assert.That(file.GetProperty("stored").GetInt64(), Is.Zero);
    }

    [Test]
    public async Task Part_that_is_not_a_canonical_file_is_a_400_naming_its_field()
    {
        using var form = new MultipartFormDataContent { { new StringContent("a,b\n"), "upload", "notes.csv" } };
        await Problems.AssertInvalidAsync(await Admin.PostAsync("/api/v1/imports", form), "upload");
    }

    [Test]
    public async Task Same_file_twice_is_a_400()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("brand,name,industry\n"), "brands", "brands.csv" },
            { new StringContent("brand,name,industry\n"), "again", "brands.csv" },
        };
        await Problems.AssertInvalidAsync(await Admin.PostAsync("/api/v1/imports", form), "again");
    }

    [Test]
    public async Task Body_that_is_not_multipart_is_a_415_problem()
    {
        var response = await Admin.PostAsync("/api/v1/imports", new StringContent("brand,name,industry\n", Encoding.UTF8, "text/csv"));
        await Problems.AssertAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task Upload_without_files_is_a_400()
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(""), "nothing");
        Assert.That((await Admin.PostAsync("/api/v1/imports", form)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Upload_over_the_limit_is_a_413_problem()
    {
        var posts = new StringBuilder("network,post_id,author,created_at,in_reply_to_post,in_reply_to_author,mentions,likes,shares,quotes,replies,views\n");
        while (posts.Length <= EngagementFactory.MaxImportBytes)
        {
            posts.Append("mastodon,p,pixelnord@mastodon.quebec,2026-10-01T00:00:00Z,,,,1,1,1,1,\n");
        }

        using var form = new MultipartFormDataContent { { new StringContent(posts.ToString()), "posts", "posts.csv" } };
        var problem = await Problems.AssertAsync(await Admin.PostAsync("/api/v1/imports", form), HttpStatusCode.RequestEntityTooLarge);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("Imports:MaxBytes"));
    }

    [Test]
    public async Task Upload_over_the_limit_without_a_length_is_a_413_too()
    {
        var chunk = Encoding.UTF8.GetBytes(new string('x', 64 * 1024));
        var content = new StreamContent(new ChunkedStream(chunk, (int)(EngagementFactory.MaxImportBytes / chunk.Length) + 2));
        using var form = new MultipartFormDataContent { { content, "posts", "posts.csv" } };
        form.Headers.ContentLength = null;
        await Problems.AssertAsync(await Admin.PostAsync("/api/v1/imports", form), HttpStatusCode.RequestEntityTooLarge);
    }

    /// <summary>A stream of unknown length, so the upload carries no Content-Length to refuse it by.</summary>
    private sealed class ChunkedStream(byte[] chunk, int count) : Stream
    {
        private int _sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int size)
        {
            if (_sent >= count)
            {
                return 0;
            }

            var n = Math.Min(size, chunk.Length);
            Array.Copy(chunk, 0, buffer, offset, n);
            _sent++;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int size) => throw new NotSupportedException();
    }
}
