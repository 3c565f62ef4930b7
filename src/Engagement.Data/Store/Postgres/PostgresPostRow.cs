using Engagement.Domain.Model;
using Npgsql;
using NpgsqlTypes;

namespace Engagement.Data.Store.Postgres;

/// <summary>One post as a binary COPY row in the order of <see cref="PostColumns.All"/>.</summary>
internal static class PostgresPostRow
{
    /// <summary>Writes the post's columns into the current row (the caller starts it: a staging row has a line number first).</summary>
    public static async ValueTask WriteColumnsAsync(NpgsqlBinaryImporter copy, Post post, CancellationToken ct)
    {
        await copy.WriteAsync(post.Network, NpgsqlDbType.Text, ct);
        await WriteAfterNetworkAsync(copy, post, ct);
    }

    /// <summary>The same into <c>posts</c> itself, whose network is its code (migration 15).</summary>
    public static async ValueTask WriteColumnsAsync(NpgsqlBinaryImporter copy, short network, Post post, CancellationToken ct)
    {
        await copy.WriteAsync(network, NpgsqlDbType.Smallint, ct);
        await WriteAfterNetworkAsync(copy, post, ct);
    }

    private static async ValueTask WriteAfterNetworkAsync(NpgsqlBinaryImporter copy, Post post, CancellationToken ct)
    {
        await copy.WriteAsync(post.PostId, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(post.Author, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(post.CreatedAt, NpgsqlDbType.Bigint, ct);
        await WriteTextAsync(copy, post.InReplyToPost, ct);
        await WriteTextAsync(copy, post.InReplyToAuthor, ct);
        await copy.WriteAsync(post.Likes, NpgsqlDbType.Bigint, ct);
        await copy.WriteAsync(post.Shares, NpgsqlDbType.Bigint, ct);
        await copy.WriteAsync(post.Quotes, NpgsqlDbType.Bigint, ct);
        await copy.WriteAsync(post.Replies, NpgsqlDbType.Bigint, ct);
        if (post.Views is { } views)
        {
            await copy.WriteAsync(views, NpgsqlDbType.Bigint, ct);
        }
        else
        {
            await copy.WriteNullAsync(ct);
        }
    }

    /// <summary>Writes nullable text: a null value is SQL NULL.</summary>
    public static async ValueTask WriteTextAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct)
    {
        if (value is null)
        {
            await copy.WriteNullAsync(ct);
        }
        else
        {
            await copy.WriteAsync(value, NpgsqlDbType.Text, ct);
        }
    }
}
