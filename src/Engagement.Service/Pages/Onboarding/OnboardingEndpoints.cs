using Engagement.Collectors;
using Engagement.Collectors.Status;
using Engagement.Data.Csv;
using Engagement.Data.Store.Repositories;
using Engagement.Domain.Model;
using Engagement.Service.Onboarding;
using Engagement.Service.Pages.Layout;
using Engagement.Service.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engagement.Service.Pages.Onboarding;

/// <summary>
/// Adding, editing and deleting a brand with its accounts, following its first collection, and
/// picking its competitors into a peer set. Forms post with the anti-forgery token (PostForm);
/// a form with errors comes back with them (400), a saved one redirects (post, redirect, get).
/// </summary>
public static class OnboardingEndpoints
{
    private const int FoundShown = 50;

    /// <summary>Every network an account can be on, collected first.</summary>
    private static readonly IReadOnlyList<string> Networks = [.. CollectorNetworks.All, .. CollectorNetworks.CsvOnly];

    public static RouteGroupBuilder MapOnboarding(this RouteGroupBuilder pages)
    {
        pages.MapGet(OnboardingLinks.NewBrand, NewBrand);
        pages.MapPost(OnboardingLinks.NewBrand, CreateAsync);
        pages.MapGet("/brands/{brand}/edit", EditAsync);
        pages.MapPost("/brands/{brand}/edit", UpdateAsync);
        pages.MapPost("/brands/{brand}/delete", DeleteAsync);
        pages.MapGet("/brands/{brand}/collection", CollectionAsync);
        pages.MapGet(OnboardingLinks.NewPeerSetPath, PeerSetAsync);
        pages.MapPost(OnboardingLinks.NewPeerSetPath, SavePeerSetAsync);
        return pages;
    }

    private static RazorComponentResult NewBrand(HttpContext http) =>
        PageAccess.CanEdit(http) ? Form(StatusCodes.Status200OK, null, new BrandForm(null, null, null, []), []) : PageAccess.ReadOnly();

    private static async Task<Results<RedirectHttpResult, RazorComponentResult>> CreateAsync(
        IFormCollection form, HttpContext http, Caller caller, OnboardingService onboarding, FirstCollection first, CancellationToken ct)
    {
        if (!PageAccess.CanEdit(http))
        {
            return PageAccess.ReadOnly();
        }

        var posted = Read(form);
        var check = await onboarding.CheckAsync(posted, existing: null, caller, ct);
        if (!check.IsValid)
        {
            return Form(StatusCodes.Status400BadRequest, null, posted, check.Errors);
        }

        await onboarding.SaveAsync(check, removeOthers: false, caller, ct);
        StartFirstRun(first, check);
        return TypedResults.Redirect(OnboardingLinks.Collection(check.Id));
    }

    private static async Task<RazorComponentResult> EditAsync(
        string brand, HttpContext http, Caller caller, BrandAccess access, BrandRepository brands, AccountRepository accounts, CancellationToken ct)
    {
        if (!PageAccess.CanEdit(http))
        {
            return PageAccess.ReadOnly();
        }

        if (await VisibleAsync(caller, access, brands, brand, ct) is not { } found)
        {
            return Unknown(brand);
        }

        var rows = (await accounts.ListAsync(brand, ct)).Select(a => new AccountInput(a.Network, a.Handle)).ToList();
        return Form(StatusCodes.Status200OK, brand, new BrandForm(found.Id, found.Name, found.Industry, rows), []);
    }

    private static async Task<Results<RedirectHttpResult, RazorComponentResult>> UpdateAsync(
        string brand, IFormCollection form, HttpContext http, Caller caller, BrandAccess access, AccountRepository accounts,
        OnboardingService onboarding, FirstCollection first, CancellationToken ct)
    {
        if (!PageAccess.CanEdit(http))
        {
            return PageAccess.ReadOnly();
        }

        if (!await access.SeesAsync(caller, brand, ct))
        {
            return Unknown(brand);
        }

        var posted = Read(form) with { Id = brand };
        var check = await onboarding.CheckAsync(posted, existing: brand, caller, ct);
        if (check.IsValid && !AccountsUnchanged(check, await accounts.ListAsync(brand, ct)))
        {
            try
            {
                await access.RequireUnsharedAsync(caller, brand, ct);
            }
            catch (Api.ConflictException shared)
            {
                check = check with { Errors = [new FieldError("accounts", shared.Message)] };
            }
        }

        if (!check.IsValid)
        {
            return Form(StatusCodes.Status400BadRequest, brand, posted, check.Errors);
        }

        await onboarding.SaveAsync(check, removeOthers: true, caller, ct);
        StartFirstRun(first, check);
        return TypedResults.Redirect(OnboardingLinks.Collection(brand));
    }

    private static async Task<Results<RedirectHttpResult, RazorComponentResult>> DeleteAsync(
        string brand, IFormCollection form, HttpContext http, Caller caller, BrandAccess access, BrandRepository brands, CancellationToken ct)
    {
        if (!PageAccess.CanEdit(http))
        {
            return PageAccess.ReadOnly();
        }

        if (await VisibleAsync(caller, access, brands, brand, ct) is not { } found)
        {
            return Unknown(brand);
        }

        if (form["confirm"] != "yes")
        {
            return PageEndpoints.Page<ErrorPage>(StatusCodes.Status400BadRequest, new()
            {
                [nameof(ErrorPage.Title)] = "Not deleted",
                [nameof(ErrorPage.Message)] = $"Tick the confirmation to delete {found.Name}.",
            });
        }

        await brands.DeleteAsync(brand, caller.Workspace, ct);
        return TypedResults.Redirect("/?" + Links.Query(("deleted", found.Name)));
    }

    private static async Task<RazorComponentResult> CollectionAsync(
        string brand, Caller caller, BrandAccess access, BrandRepository brands, AccountRepository accounts, CollectorStatusQuery status, CancellationToken ct)
    {
        if (await VisibleAsync(caller, access, brands, brand, ct) is not { } found)
        {
            return Unknown(brand);
        }

        return PageEndpoints.Page<CollectionProgressPage>(new()
        {
            [nameof(CollectionProgressPage.Brand)] = found.Id,
            [nameof(CollectionProgressPage.Name)] = found.Name,
            [nameof(CollectionProgressPage.Collected)] = await status.ForBrandAsync(brand, ct),
            [nameof(CollectionProgressPage.Imported)] = (await accounts.ListAsync(brand, ct)).Where(a => !CollectorNetworks.IsCollected(a.Network)).ToList(),
        });
    }

    private static async Task<RazorComponentResult> PeerSetAsync(
        string? brand, string? q, string[]? picked, HttpContext http, Caller caller, BrandAccess access, BrandRepository brands, CancellationToken ct) =>
        PageAccess.CanEdit(http)
            ? await PeerSetPageAsync(StatusCodes.Status200OK, brand, null, q, picked ?? [], [], caller, access, brands, ct)
            : PageAccess.ReadOnly();

    private static async Task<Results<RedirectHttpResult, RazorComponentResult>> SavePeerSetAsync(
        IFormCollection form, HttpContext http, Caller caller, BrandAccess access, BrandRepository brands, PeerSetRepository sets, CancellationToken ct)
    {
        if (!PageAccess.CanEdit(http))
        {
            return PageAccess.ReadOnly();
        }

        var name = form["name"].ToString().Trim();
        var subject = form["brand"].ToString();
        var picked = form["brands"].Where(b => !string.IsNullOrEmpty(b)).Select(b => b!).Distinct(StringComparer.Ordinal).ToList();
        var errors = new List<FieldError>();
        if (!CanonicalFormats.IsId(name))
        {
            errors.Add(new FieldError("name", name.Length == 0 ? "name the peer set" : $"'{name}' is not a name: 1-64 characters of a-z 0-9 - _"));
        }
        else if (await sets.GetAsync(caller.Workspace, name, ct) is not null)
        {
            errors.Add(new FieldError("name", $"a peer set '{name}' exists already: choose another name"));
        }

        if (picked.Count == 0)
        {
            errors.Add(new FieldError("brands", "tick at least one competitor"));
        }

        if (errors.Count == 0)
        {
            try
            {
                await sets.SetAsync(caller.Workspace, name, picked.Where(caller.Allows), ct);
            }
            catch (NotFoundException unknown)
            {
                errors.Add(new FieldError("brands", unknown.Message));
            }
        }

        if (errors.Count > 0)
        {
            return await PeerSetPageAsync(StatusCodes.Status400BadRequest, subject, name, null, picked, errors, caller, access, brands, ct);
        }

        var compared = string.IsNullOrEmpty(subject) ? picked : [subject, .. picked.Where(b => b != subject)];
        return TypedResults.Redirect($"{Links.ComparePath}?{Links.Query(("brands", string.Join(',', compared)), ("benchmark", $"peers:{name}"))}");
    }

    private static async Task<RazorComponentResult> PeerSetPageAsync(
        int status, string? subjectId, string? name, string? search, IReadOnlyCollection<string> picked, IReadOnlyList<FieldError> errors,
        Caller caller, BrandAccess access, BrandRepository brands, CancellationToken ct)
    {
        var subject = string.IsNullOrEmpty(subjectId) ? null : await VisibleAsync(caller, access, brands, subjectId, ct);
        var text = search?.Trim() ?? "";
        var found = text.Length == 0 ? [] : (await brands.SearchAsync(caller.Workspace, text, FoundShown + 2, ct)).Where(b => b.Id != subjectId && caller.Allows(b.Id)).ToList();
        var chosen = new List<Brand>();
        foreach (var id in picked.Take(FoundShown))
        {
            if (await VisibleAsync(caller, access, brands, id, ct) is { } brand)
            {
                chosen.Add(brand);
            }
        }

        return PageEndpoints.Page<PeerSetPage>(status, new()
        {
            [nameof(PeerSetPage.Subject)] = subject,
            [nameof(PeerSetPage.Name)] = name ?? (subject is null ? null : $"{subject.Id}-peers"),
            [nameof(PeerSetPage.Search)] = text,
            [nameof(PeerSetPage.Picked)] = chosen,
            [nameof(PeerSetPage.Found)] = found.Take(FoundShown).ToList(),
            [nameof(PeerSetPage.More)] = found.Count > FoundShown,
            [nameof(PeerSetPage.Errors)] = errors,
        });
    }

    /// <summary>The brand when it is the caller's and exists; null otherwise, so a stranger's brand reads as unknown.</summary>
    private static async Task<Brand?> VisibleAsync(Caller caller, BrandAccess access, BrandRepository brands, string id, CancellationToken ct) =>
        await access.SeesAsync(caller, id, ct) ? await brands.GetAsync(id, ct) : null;

    private static bool AccountsUnchanged(BrandFormCheck check, IReadOnlyList<Account> stored) =>
        check.Accounts.Select(a => (a.Network, a.Handle)).Order().SequenceEqual(stored.Select(a => (a.Network, a.Handle)).Order());

    private static void StartFirstRun(FirstCollection first, BrandFormCheck check) =>
        first.Start(check.Id, check.Accounts.Where(a => a.Probe.Outcome == ProbeOutcome.Found).Select(a => a.Network));

    private static BrandForm Read(IFormCollection form) => new(
        form["id"].ToString(),
        form["name"].ToString(),
        form["industry"].ToString(),
        Enumerable.Range(0, BrandForm.AccountRows)
            .Select(i => new AccountInput(form[BrandForm.NetworkField(i)].ToString(), form[BrandForm.AccountField(i)].ToString()))
            .ToList());

    private static RazorComponentResult Form(int status, string? brand, BrandForm form, IReadOnlyList<FieldError> errors) =>
        PageEndpoints.Page<BrandFormPage>(status, new()
        {
            [nameof(BrandFormPage.IsNew)] = brand is null,
            [nameof(BrandFormPage.BrandId)] = brand,
            [nameof(BrandFormPage.Form)] = form,
            [nameof(BrandFormPage.Errors)] = errors,
            [nameof(BrandFormPage.Networks)] = Networks,
        });

    private static RazorComponentResult Unknown(string brand) => PageEndpoints.Page<ErrorPage>(StatusCodes.Status404NotFound, new()
    {
        [nameof(ErrorPage.Title)] = "No such brand",
        [nameof(ErrorPage.Message)] = $"There is no brand '{brand}'.",
    });
}
