using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Unicode;
using Engagement.Domain.Model;

namespace Engagement.Data.Store.Import;

/// <summary>
/// The text fields of a batch of posts, encoded as UTF-8 on the parsing thread into one pinned
/// buffer, so the first load's writer binds each field where it lies (<c>sqlite3_bind_text</c>,
/// no copy) instead of SQLite copying and converting every UTF-16 string on the writing thread,
/// which is the bound of the load (issue 16). A row's fields come in <see cref="Add(Post, bool)"/>'s
/// order. The buffer is reused for a later batch only after the writer is done with this one.
/// </summary>
internal sealed class PostText
{
    /// <summary>The slot of each bound field in a row's run of slots; the mentions follow, one each.</summary>
    public const int PostId = 0, Author = 1, InReplyToPost = 2, InReplyToAuthor = 3, FirstMention = 4;

    // Slot lengths that are not byte counts.
    private const int NullLength = -1;

    // A string that is not valid UTF-16 (an unpaired surrogate, which the import's rules reject
    // anyway) is bound as it was before, so SQLite's own conversion decides its bytes.
    private const int Utf16Length = -2;

    private byte[] _bytes = Allocate(64 * 1024);
    private int[] _starts = new int[8 * 1024];
    private int[] _lengths = new int[8 * 1024];
    private bool[] _sameNetwork = new bool[1024];
    private int _used;
    private int _slots;
    private int _rows;

    /// <summary>Empties the buffer for the next batch.</summary>
    public void Clear() => (_used, _slots, _rows) = (0, 0, 0);

    /// <summary>
    /// True when row <paramref name="row"/> has the network of the row before it (across batches):
    /// compared here, where the strings are in the cache, not by the writer, which reads them for nothing else.
    /// </summary>
    public bool SameNetwork(int row) => _sameNetwork[row];

    /// <summary>Appends a post's slots (its ids and handles, then its mentions), and whether its network is the previous row's.</summary>
    public void Add(Post post, bool sameNetwork)
    {
        if (_rows == _sameNetwork.Length)
        {
            Array.Resize(ref _sameNetwork, _rows * 2);
        }

        _sameNetwork[_rows++] = sameNetwork;
        Add(post.PostId);
        Add(post.Author);
        Add(post.InReplyToPost);
        Add(post.InReplyToAuthor);
        var mentions = post.Mentions;
        for (var i = 0; i < mentions.Count; i++)
        {
            Add(mentions[i]);
        }
    }

    /// <summary>The slots a post takes: the first slot of the next row is this much further.</summary>
    public static int Slots(Post post) => FirstMention + post.Mentions.Count;

    /// <summary>
    /// Binds slot <paramref name="slot"/> (holding <paramref name="value"/>) at <paramref name="position"/>:
    /// the encoded bytes, valid until this buffer is cleared; NULL for null.
    /// </summary>
    public unsafe SqliteRawStatement Bind(SqliteRawStatement statement, int position, int slot, string? value)
    {
        var length = _lengths[slot];
        return length switch
        {
            NullLength => statement.Text(position, null),
            Utf16Length => statement.Text(position, value),
            _ => statement.TextStatic(position, (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_bytes)) + _starts[slot], length),
        };
    }

    private void Add(string? value)
    {
        if (_slots == _starts.Length)
        {
            Array.Resize(ref _starts, _slots * 2);
            Array.Resize(ref _lengths, _slots * 2);
        }

        _starts[_slots] = _used;
        _lengths[_slots] = value is null ? NullLength : Encode(value);
        _slots++;
    }

    private int Encode(string value)
    {
        // At most three bytes per UTF-16 unit (a surrogate pair: four bytes for two units).
        var room = value.Length * 3;
        if (_bytes.Length - _used < room)
        {
            var bigger = Allocate(Math.Max(_bytes.Length * 2, _used + room));
            _bytes.AsSpan(0, _used).CopyTo(bigger);
            _bytes = bigger;
        }

        var status = Utf8.FromUtf16(value, _bytes.AsSpan(_used), out _, out var written, replaceInvalidSequences: false);
        if (status != System.Buffers.OperationStatus.Done)
        {
            return Utf16Length;
        }

        _used += written;
        return written;
    }

    // On the pinned object heap: the writer binds pointers into it while the GC may run on other threads.
    // One byte at least, so an empty string's pointer is never null (NULL is bound for null only).
    private static byte[] Allocate(int bytes) => GC.AllocateUninitializedArray<byte>(Math.Max(bytes, 1), pinned: true);
}
