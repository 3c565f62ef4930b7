namespace Engagement.Service.Tests.Cli;

/// <summary>
/// What one <c>collect --once</c> on 2025-03-20 12:00 UTC (30-day backfill from 2025-02-18 12:00)
/// must store from the recorded fixtures of Engagement.Collectors.Tests, written out by hand from
/// their JSON per networks.md (facebook, instagram, x) and the collectors' README (mastodon,
/// bluesky, youtube), in the canonical export's columns, a post's mentions in ordinal order.
/// Why each row is what it is:
/// <list type="bullet">
/// <item>mastodon: 113000000000000001 predates the backfill; local authors get the instance
/// (bob@social.example); the self-reply 113900000000000003 answers acme itself.</item>
/// <item>bluesky: the repost by zed and the January post are not stored; frank's post is stored as
/// the parent of acme's reply; a mention of a DID with no known handle keeps the DID.</item>
/// <item>youtube: replies hang on their thread's top-level comment; views from viewCount.</item>
/// <item>facebook: the share 1000000001_2002 (parent_id) is not stored; other authors are their
/// Graph id, the Page's id is the handle; absent reactions, shares and like_count are 0.</item>
/// <item>instagram: 17900000000000000 predates the backfill; caption @names `@bob.smith.` and
/// `@Ana_M` name bob.smith and ana_m, `shop@acme.example` and `@@nobody` name nobody; a top-level
/// comment's replies are counted from the replies read (both pages); rivalbeans (business
/// discovery) has media only, a hidden like count is 0.</item>
/// <item>x: the retweets 1896000000000000005 and 1896200000000000001 are not stored; views are
/// impression_count; a missing like_count is 0; milliseconds are kept.</item>
/// </list>
/// </summary>
internal static class CollectedRows
{
    public static readonly string[] Posts =
    [
        "network,post_id,author,created_at,in_reply_to_post,in_reply_to_author,mentions,likes,shares,quotes,replies,views",
        "bluesky,at://did:plc:acmeaaaaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3ljpa1aaaaa2a,acme.bsky.social,2025-03-01T09:00:00Z,,,,40,5,1,2,",
        "bluesky,at://did:plc:acmeaaaaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3ljpa3aaaaa2a,acme.bsky.social,2025-03-01T11:00:00Z,at://did:plc:aliceaaaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3ljpa2aaaaa2a,alice.bsky.social,alice.bsky.social,1,0,0,0,",
        "bluesky,at://did:plc:acmeaaaaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3ljqf2aaaaa2a,acme.bsky.social,2025-03-10T11:30:00Z,at://did:plc:frankaaaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3ljqf1aaaaa2a,frank.bsky.social,,3,0,0,0,",
        "bluesky,at://did:plc:acmeaaaaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3ljqp2aaaaa2a,acme.bsky.social,2025-03-15T10:00:00Z,,,did:plc:eveaaaaaaaaaaaaaaaaaaaaa,12,2,0,0,",
        "bluesky,at://did:plc:aliceaaaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3ljpa2aaaaa2a,alice.bsky.social,2025-03-01T10:00:00Z,at://did:plc:acmeaaaaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3ljpa1aaaaa2a,acme.bsky.social,acme.bsky.social,0,0,0,1,",
        "bluesky,at://did:plc:bobaaaaaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3ljpb1aaaaa2a,bob.example.com,2025-03-02T08:00:00Z,at://did:plc:acmeaaaaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3ljpa1aaaaa2a,acme.bsky.social,,2,0,0,1,",
        "bluesky,at://did:plc:carolaaaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3ljpb2aaaaa2a,carol.bsky.social,2025-03-02T09:00:00Z,at://did:plc:bobaaaaaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3ljpb1aaaaa2a,bob.example.com,acme.bsky.social;did:plc:eveaaaaaaaaaaaaaaaaaaaaa,0,0,0,0,",
        "bluesky,at://did:plc:frankaaaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3ljqf1aaaaa2a,frank.bsky.social,2025-03-10T11:00:00Z,,,acme.bsky.social,0,0,0,1,",
        "facebook,1000000001_2001,acmecoffee,2025-03-19T09:00:00Z,,,5551;acmecoffee,25,4,0,3,",
        "facebook,1000000001_2003,acmecoffee,2025-03-10T07:45:12Z,,,,0,0,0,0,",
        "facebook,1000000001_2004,acmecoffee,2025-02-25T08:00:00Z,,,,7,0,0,1,",
        "facebook,2001_3001,5551,2025-03-19T10:00:00Z,1000000001_2001,acmecoffee,,2,0,0,2,",
        "facebook,2001_3002,acmecoffee,2025-03-19T11:00:00Z,2001_3001,5551,5551,1,0,0,0,",
        "facebook,2001_3003,5551,2025-03-19T12:00:00Z,2001_3001,5551,acmecoffee,0,0,0,0,",
        "facebook,2001_3004,acmecoffee,2025-03-19T13:00:00Z,1000000001_2001,acmecoffee,,5,0,0,1,",
        "facebook,2001_3005,acmecoffee,2025-03-19T13:05:00Z,2001_3004,acmecoffee,,0,0,0,0,",
        "facebook,2001_3006,7771,2025-03-20T08:00:00Z,1000000001_2001,acmecoffee,,0,0,0,0,",
        "facebook,2004_3101,8881,2025-02-25T09:00:00Z,1000000001_2004,acmecoffee,,1,0,0,1,",
        "facebook,2004_3102,acmecoffee,2025-02-26T09:00:00Z,2004_3101,8881,,0,0,0,0,",
        "instagram,17900000000000001,acmecoffee,2025-03-19T09:00:00Z,,,ana_m;bob.smith,120,0,0,4,",
        "instagram,17900000000000002,acmecoffee,2025-03-01T18:20:05Z,,,,0,0,0,0,",
        "instagram,17900000000000003,acmecoffee,2025-02-20T10:00:00Z,,,,33,0,0,0,",
        "instagram,17950000000000001,rivalbeans,2025-03-18T08:00:00Z,,,acmecoffee,50,0,0,7,",
        "instagram,17950000000000002,rivalbeans,2025-03-02T08:00:00Z,,,,0,0,0,1,",
        "instagram,17950000000000003,rivalbeans,2025-02-19T08:00:00Z,,,,12,0,0,0,",
        "instagram,18000000000000001,bob.smith,2025-03-19T10:00:00Z,17900000000000001,acmecoffee,acmecoffee,1,0,0,2,",
        "instagram,18000000000000002,acmecoffee,2025-03-19T11:00:00Z,17900000000000001,acmecoffee,,3,0,0,0,",
        "instagram,18000000000000011,acmecoffee,2025-03-19T10:30:00Z,18000000000000001,bob.smith,bob.smith,0,0,0,0,",
        "instagram,18000000000000012,bob.smith,2025-03-19T10:45:00Z,18000000000000001,bob.smith,,2,0,0,0,",
        "mastodon,113800000000000001,acme@social.example,2025-03-01T09:00:00Z,,,,10,3,0,2,",
        "mastodon,113800000000000010,alice@other.example,2025-03-01T10:00:00Z,113800000000000001,acme@social.example,acme@social.example,0,0,0,1,",
        "mastodon,113800000000000011,acme@social.example,2025-03-01T11:00:00Z,113800000000000010,alice@other.example,alice@other.example,1,0,0,0,",
        "mastodon,113800000000000012,bob@social.example,2025-03-02T08:00:00Z,113800000000000001,acme@social.example,acme@social.example,2,0,0,0,",
        "mastodon,113800000000000013,carol@social.example,2025-03-02T09:00:00Z,113800000000000012,bob@social.example,acme@social.example;bob@social.example,0,0,0,0,",
        "mastodon,113900000000000002,acme@social.example,2025-03-15T10:00:00Z,,,,25,4,2,0,",
        "mastodon,113900000000000003,acme@social.example,2025-03-15T10:05:00Z,113900000000000002,acme@social.example,,2,0,0,0,",
        "x,1896000000000000001,acmecoffee,2025-03-01T09:00:00Z,,,,10,3,0,2,1200",
        "x,1896000000000000003,alice_w,2025-03-01T10:00:00Z,1896000000000000001,acmecoffee,acmecoffee,0,0,0,1,45",
        "x,1896000000000000006,acmecoffee,2025-03-01T11:00:00Z,1896000000000000003,alice_w,alice_w,1,0,0,0,80",
        "x,1896100000000000001,bobroasts,2025-03-02T08:00:00Z,1896000000000000001,acmecoffee,acmecoffee,0,0,0,0,12",
        "x,1896100000000000002,carol,2025-03-02T09:00:00Z,1896100000000000001,bobroasts,acmecoffee;bobroasts,0,0,0,0,5",
        "x,1898000000000000001,acmecoffee,2025-03-12T09:30:00Z,,,,5,1,0,0,900",
        "x,1900000000000000001,acmecoffee,2025-03-15T10:00:00Z,,,,25,4,2,1,5000",
        "x,1900000000000000002,acmecoffee,2025-03-15T10:05:00.123Z,1900000000000000001,acmecoffee,,2,0,0,0,300",
        "youtube,UgzT1aaaaaaaaaaaaaa4AaABAg,alice,2025-03-01T16:00:00Z,vid1AAAAAAA,acmetv,,3,0,0,1,",
        "youtube,UgzT1aaaaaaaaaaaaaa4AaABAg.AbCR1r1r1r1,acmetv,2025-03-01T17:00:00Z,UgzT1aaaaaaaaaaaaaa4AaABAg,alice,alice,0,0,0,0,",
        "youtube,UgzT2bbbbbbbbbbbbbb4AaABAg,bob,2025-03-02T10:00:00Z,vid1AAAAAAA,acmetv,,1,0,0,3,",
        "youtube,UgzT2bbbbbbbbbbbbbb4AaABAg.AbCR2r2r2r2,carol,2025-03-02T11:00:00Z,UgzT2bbbbbbbbbbbbbb4AaABAg,bob,bob,0,0,0,0,",
        "youtube,UgzT2bbbbbbbbbbbbbb4AaABAg.AbCR3r3r3r3,acmetv,2025-03-02T12:00:00Z,UgzT2bbbbbbbbbbbbbb4AaABAg,bob,bob,0,0,0,0,",
        "youtube,UgzT2bbbbbbbbbbbbbb4AaABAg.AbCR4r4r4r4,dave-99,2025-03-02T13:00:00Z,UgzT2bbbbbbbbbbbbbb4AaABAg,bob,acmetv,0,0,0,0,",
        "youtube,vid1AAAAAAA,acmetv,2025-03-01T15:00:00Z,,,,40,0,0,6,1200",
        "youtube,vid2AAAAAAA,acmetv,2025-03-15T15:00:00Z,,,,20,0,0,0,800",
    ];

    /// <summary>One snapshot per account on the run's UTC day: followers_count, followersCount, subscriberCount, public_metrics.</summary>
    public static readonly string[] Followers =
    [
        "network,handle,date,followers",
        "bluesky,acme.bsky.social,2025-03-20,2400",
        "facebook,acmecoffee,2025-03-20,12000",
        "instagram,acmecoffee,2025-03-20,8800",
        "instagram,rivalbeans,2025-03-20,5000",
        "mastodon,acme@social.example,2025-03-20,1500",
        "mastodon,beta@social.example,2025-03-20,7",
        "x,acmecoffee,2025-03-20,2400",
        "youtube,acmetv,2025-03-20,5300",
    ];
}
