namespace Engagement.Service.Pages.Onboarding;

/// <summary>The onboarding pages' URLs, built in one place (the routes are in <see cref="OnboardingEndpoints"/>).</summary>
public static class OnboardingLinks
{
    public const string NewBrand = "/brands/new";

    public const string NewPeerSetPath = "/peer-sets/new";

    public static string Edit(string brand) => $"/brands/{Uri.EscapeDataString(brand)}/edit";

    public static string Delete(string brand) => $"/brands/{Uri.EscapeDataString(brand)}/delete";

    public static string Collection(string brand) => $"/brands/{Uri.EscapeDataString(brand)}/collection";

    public static string NewPeerSet(string? brand) => brand is null ? NewPeerSetPath : $"{NewPeerSetPath}?brand={Uri.EscapeDataString(brand)}";
}
