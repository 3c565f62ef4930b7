using System.ComponentModel;

namespace Engagement.Service.Api;

[Description("What an import did, in total and per file.")]
public sealed record ImportResponse(
    [property: Description("New rows stored.")] long Stored,
    [property: Description("Stored rows changed or replaced.")] long Updated,
    [property: Description("Rows already stored as they are.")] long Unchanged,
    [property: Description("Invalid rows, all counted; their errors are listed in each file's rejectedRows up to a limit.")] long Rejected,
    [property: Description("One entry per uploaded file, in import order (brands, accounts, posts, followers).")] IReadOnlyList<ImportFileResponse> Files);

[Description("What importing one file did.")]
public sealed record ImportFileResponse(
    [property: Description("Canonical file name.")] string File,
    [property: Description("brands, accounts, posts or followers.")] string Kind,
    [property: Description("New rows stored.")] long Stored,
    [property: Description("Stored rows changed or replaced.")] long Updated,
    [property: Description("Rows already stored as they are.")] long Unchanged,
    [property: Description("Rows whose key appears again later in the file (the last one wins).")] long Repeated,
    [property: Description("Invalid rows.")] long Rejected,
    [property: Description("Why the whole file was refused (nothing of it stored), or null.")] string? FileRejection,
    [property: Description("The rejected rows' errors, in line order, up to Imports:MaxListedErrors (default 1,000).")] IReadOnlyList<RejectedRow> RejectedRows,
    [property: Description("How many more errors there were past the listed ones (\"and N more\"); 0 when all are listed.")] long MoreRejectedRows);

[Description("A rejected row: where it is and why.")]
public sealed record RejectedRow(
    [property: Description("File name.")] string File,
    [property: Description("Physical line where the record starts (the header is line 1).")] int Line,
    [property: Description("The column at fault, or - for the row as a whole.")] string Column,
    [property: Description("Why the row was rejected.")] string Reason);
