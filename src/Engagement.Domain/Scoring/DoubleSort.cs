using System.Numerics;

namespace Engagement.Domain.Scoring;

/// <summary>
/// Sorts doubles ascending, NaNs first, as <see cref="Array.Sort{T}(T[])"/> orders them. Ours
/// because the runtime's sort over doubles is a generic that no precompiled image holds: a cold
/// report ran the percentiles' populations and 90,000 response-time medians through it
/// unoptimized (7 % of a cold document's CPU). This one is precompiled with the rest of the
/// assembly. An introsort: quicksort with a median-of-three pivot, heapsort past a depth
/// limit, insertion sort for short ranges.
/// </summary>
public static class DoubleSort
{
    private const int Short = 16;

    public static void Sort(Span<double> values) => Sort(values, depth: null);

    /// <param name="depth">Quicksort levels before heapsort takes over (the tests force it); null: 2 (log2 n + 1).</param>
    internal static void Sort(Span<double> values, int? depth)
    {
        // NaN compares false with everything: put them first, then only ordered values remain.
        var nans = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                (values[i], values[nans]) = (values[nans], values[i]);
                nans++;
            }
        }

        var rest = values[nans..];
        if (rest.Length > 1)
        {
            IntroSort(rest, depth ?? 2 * (BitOperations.Log2((uint)rest.Length) + 1));
        }
    }

    private static void IntroSort(Span<double> values, int depth)
    {
        while (values.Length > Short)
        {
            if (depth == 0)
            {
                HeapSort(values);
                return;
            }

            depth--;
            var pivot = Partition(values);
            // The smaller side by recursion, the larger by the loop: the stack stays O(log n).
            if (pivot < values.Length - pivot)
            {
                IntroSort(values[..pivot], depth);
                values = values[(pivot + 1)..];
            }
            else
            {
                IntroSort(values[(pivot + 1)..], depth);
                values = values[..pivot];
            }
        }

        InsertionSort(values);
    }

    // Orders first, middle and last; the middle is the pivot, parked at last - 1 while the two
    // scans meet (first and last stop them). Returns where the pivot ends.
    private static int Partition(Span<double> values)
    {
        int last = values.Length - 1, middle = last / 2;
        SwapIfGreater(values, 0, middle);
        SwapIfGreater(values, 0, last);
        SwapIfGreater(values, middle, last);
        var pivot = values[middle];
        Swap(values, middle, last - 1);
        int left = 0, right = last - 1;
        while (left < right)
        {
            while (values[++left] < pivot)
            {
            }

            while (pivot < values[--right])
            {
            }

            if (left >= right)
            {
                break;
            }

            Swap(values, left, right);
        }

        if (left != last - 1)
        {
            Swap(values, left, last - 1);
        }

        return left;
    }

    private static void InsertionSort(Span<double> values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            var value = values[i];
            var j = i - 1;
            while (j >= 0 && value < values[j])
            {
                values[j + 1] = values[j];
                j--;
            }

            values[j + 1] = value;
        }
    }

    private static void HeapSort(Span<double> values)
    {
        for (var i = (values.Length / 2) - 1; i >= 0; i--)
        {
            SiftDown(values, i, values.Length);
        }

        for (var end = values.Length - 1; end > 0; end--)
        {
            Swap(values, 0, end);
            SiftDown(values, 0, end);
        }
    }

    private static void SiftDown(Span<double> values, int root, int length)
    {
        var value = values[root];
        while (2 * root + 1 < length)
        {
            var child = (2 * root) + 1;
            if (child + 1 < length && values[child] < values[child + 1])
            {
                child++;
            }

            if (!(value < values[child]))
            {
                break;
            }

            values[root] = values[child];
            root = child;
        }

        values[root] = value;
    }

    private static void SwapIfGreater(Span<double> values, int i, int j)
    {
        if (values[i] > values[j])
        {
            Swap(values, i, j);
        }
    }

    private static void Swap(Span<double> values, int i, int j) => (values[i], values[j]) = (values[j], values[i]);
}
