using System.Data.Common;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Import;

/// <summary>The temporary tables a file is staged in before the merge; the importer creates them.</summary>
public static class StagingTables
{
    public const string Posts = "import_posts";
    public const string PostMentions = "import_post_mentions";

    /// <summary>The staged posts already stored whose set of mentions differs from the stored one (filled before the merge).</summary>
    public const string PostMentionsChanged = "import_post_mentions_changed";
    public const string Followers = "import_followers";
}

/// <summary>
/// How an engine fills the staging tables of an import: the one part of the import that differs
/// by provider (SQLite: prepared INSERTs; PostgreSQL: binary COPY). The counting and merging
/// statements that follow are the same text on every engine.
/// </summary>
public interface IImportStaging
{
    /// <summary>Fills <see cref="StagingTables.Posts"/> and <see cref="StagingTables.PostMentions"/>.</summary>
    Task<IStageWriter<Post>> OpenPostsAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct);

    /// <summary>Fills <see cref="StagingTables.Followers"/>.</summary>
    Task<IStageWriter<FollowerSnapshot>> OpenFollowersAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct);
}

/// <summary>Streams the valid rows of one file, in file order, into its staging tables.</summary>
public interface IStageWriter<in T> : IAsyncDisposable
{
    ValueTask WriteAsync(T row, CancellationToken ct);

    /// <summary>
    /// Ends the fill. The staging tables then hold each key once, with the values (and mentions)
    /// of its last row in the file. Returns how many rows repeated a key seen earlier in the file.
    /// </summary>
    Task<long> CompleteAsync(CancellationToken ct);
}
