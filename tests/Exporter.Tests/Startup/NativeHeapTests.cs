using KpiExporter.Startup;

namespace KpiExporter.Tests.Startup;

public sealed class NativeHeapTests
{
    [Fact]
    public void Glibc_takes_the_fixed_mmap_threshold()
    {
        // The tests run on Linux with glibc, where the setting must take; elsewhere the call is a no-op that says so.
        var glibc = OperatingSystem.IsLinux() && File.Exists("/proc/self/maps") && File.ReadAllText("/proc/self/maps").Contains("/libc.so.6", StringComparison.Ordinal);

        NativeHeap.FixMmapThreshold().ShouldBe(glibc);
    }
}
