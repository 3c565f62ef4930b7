using Engagement.Domain.Model;

namespace Engagement.Data.Csv;

/// <summary>
/// Turns raw rows into domain records (docs/data-format.md), collecting every problem of a row;
/// returns null when there is one.
/// </summary>
internal static class CanonicalRowConverter
{
    private const string IdCharset = "1-64 chars of a-z 0-9 - _";

    public static Brand? ToBrand(BrandCsvRow row, RowErrorList errors)
    {
        var id = errors.Require("brand", row.Brand);
        var name = errors.Require("name", row.Name);
        if (id is not null && !CanonicalFormats.IsId(id))
        {
            errors.Add("brand", $"invalid brand id '{id}': {IdCharset}");
        }

        if (name is not null)
        {
            errors.Check("name", errors.Rules.NameProblem(name));
        }

        if (row.Industry is { } industry && !CanonicalFormats.IsId(industry))
        {
            errors.Add("industry", $"invalid industry id '{industry}': {IdCharset}");
        }

        return errors.Any ? null : new Brand(id!, name!, row.Industry);
    }

    /// <param name="isKnownBrand">When given, a brand it refuses is an error of the brand column.</param>
    public static Account? ToAccount(AccountCsvRow row, RowErrorList errors, Func<string, bool>? isKnownBrand)
    {
        var brand = errors.Require("brand", row.Brand);
        var network = errors.Require("network", row.Network);
        var rawHandle = errors.Require("handle", row.Handle);
        if (brand is not null && isKnownBrand is not null && !isKnownBrand(brand))
        {
            errors.Add("brand", $"unknown brand '{brand}' (not in brands.csv)");
        }

        errors.CheckNetwork(network);
        var handle = errors.NormalizedHandle("handle", rawHandle);
        if (handle is not null && network is not null && !errors.Any)
        {
            errors.Check("handle", errors.Rules.AccountHandleProblem(network, handle));
        }

        return errors.Any ? null : new Account(brand!, network!, handle!);
    }

    public static Post? ToPost(PostCsvRow row, RowErrorList errors)
    {
        var network = errors.Require("network", row.Network);
        var postId = errors.Require("post_id", row.PostId);
        var rawAuthor = errors.Require("author", row.Author);
        var createdText = errors.Require("created_at", row.CreatedAt);
        errors.CheckNetwork(network);
        if (postId is not null)
        {
            errors.Check("post_id", errors.Rules.PostIdProblem(postId));
        }

        var author = errors.NormalizedHandle("author", rawAuthor);
        long createdAt = 0;
        if (createdText is not null && !CanonicalFormats.TryParseInstant(createdText, out createdAt, out var instantError))
        {
            errors.Add("created_at", $"{instantError}: '{createdText}'");
        }
        else if (createdText is not null)
        {
            errors.Check("created_at", errors.Rules.InstantProblem(createdAt));
        }

        if (row.InReplyToPost is { } parent)
        {
            errors.Check("in_reply_to_post", errors.Rules.PostIdProblem(parent));
        }

        var replyAuthor = errors.NormalizedHandle("in_reply_to_author", row.InReplyToAuthor);
        var mentions = Mentions(row.Mentions);
        foreach (var mention in mentions)
        {
            errors.Check("mentions", errors.Rules.HandleProblem(mention));
        }

        var likes = errors.ParseCount("likes", row.Likes, 0);
        var shares = errors.ParseCount("shares", row.Shares, 0);
        var quotes = errors.ParseCount("quotes", row.Quotes, 0);
        var replies = errors.ParseCount("replies", row.Replies, 0);
        var views = errors.ParseCount("views", row.Views, null);
        return errors.Any
            ? null
            : new Post(network!, postId!, author!, createdAt, row.InReplyToPost, replyAuthor, mentions,
                likes!.Value, shares!.Value, quotes!.Value, replies!.Value, views);
    }

    public static FollowerSnapshot? ToFollowerSnapshot(FollowerCsvRow row, RowErrorList errors)
    {
        var network = errors.Require("network", row.Network);
        var rawHandle = errors.Require("handle", row.Handle);
        var dateText = errors.Require("date", row.Date);
        var countText = errors.Require("followers", row.Followers);
        errors.CheckNetwork(network);
        var handle = errors.NormalizedHandle("handle", rawHandle);
        var date = default(DateOnly);
        if (dateText is not null && !CanonicalFormats.TryParseDate(dateText, out date, out var dateError))
        {
            errors.Add("date", $"{dateError}: '{dateText}'");
        }
        else if (dateText is not null)
        {
            errors.Check("date", errors.Rules.DayProblem(date));
        }

        var followers = errors.ParseCount("followers", countText, null);
        return errors.Any ? null : new FollowerSnapshot(network!, handle!, date, followers!.Value);
    }

    // Split on ';', items trimmed of spaces (U+0020 only) and normalised; empty ones are dropped
    // and repeats kept once, in ordinal order: a set, listed as the store gives it back (its
    // post_mentions rows), so an export lists a post's mentions as a parse of the source does.
    private static IReadOnlyList<string> Mentions(string? text)
    {
        if (text is null)
        {
            return [];
        }

        var handles = text.Split(';').Select(item => Handle.Normalize(item.Trim(' '))).Where(handle => handle.Length > 0)
            .Distinct(StringComparer.Ordinal).ToArray();
        if (handles.Length > 1)
        {
            Array.Sort(handles, StringComparer.Ordinal);
        }

        return handles;
    }
}
