using System.Runtime.InteropServices;

namespace KpiExporter.Startup;

/// <summary>
/// Keeps the C library's allocator from holding on to large blocks the process has freed. glibc serves a block of
/// 128 KiB or more with its own <c>mmap</c> and unmaps it on <c>free</c>, but after the first such free it raises
/// that threshold to the freed size ("dynamic mmap threshold"), so that later blocks of that size come from the
/// thread's arena and stay resident once freed. Each gzip response allocates zlib's deflate state (a few hundred KiB,
/// native) on whichever thread-pool thread serves it, and each of those threads has its own arena: ten datasets,
/// Native AOT, 100 plain and 100 gzip scrapes then 3 s of wrk grew from 31 to 43 MiB resident, 7 to 8 MiB of it
/// in freed arena memory. Fixing the threshold at its default (which turns the dynamic raising off) keeps those
/// blocks mapped only while in use: 36 MiB (README "Performance", "Memory").
/// </summary>
internal static partial class NativeHeap
{
    /// <summary>glibc's <c>M_MMAP_THRESHOLD</c> parameter of <c>mallopt</c>.</summary>
    private const int MmapThresholdParameter = -3;

    /// <summary>glibc's default threshold: blocks from this size up are mapped on their own and returned on free.</summary>
    public const int MmapThresholdBytes = 128 * 1024;

    /// <summary>
    /// Fixes glibc's mmap threshold at <see cref="MmapThresholdBytes"/>. Returns whether the C library took the
    /// setting: false elsewhere than Linux, and on a Linux C library without <c>mallopt</c> or that refuses it (musl
    /// has no such threshold to fix, nor a libc.so.6).
    /// </summary>
    public static bool FixMmapThreshold()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return MallocOption(MmapThresholdParameter, MmapThresholdBytes) == 1;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int MallocOption(int parameter, int value);
}
