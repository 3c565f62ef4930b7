namespace Engagement.Collectors.Tests.Infrastructure;

/// <summary>Waits (for real, briefly) for something another thread does: a request arriving, a pass ending.</summary>
public static class Eventually
{
    public static async Task That(Func<bool> condition, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail("condition not met in time");
            }

            await Task.Delay(5);
        }
    }

    public static async Task That(Func<Task<bool>> condition, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail("condition not met in time");
            }

            await Task.Delay(5);
        }
    }
}
