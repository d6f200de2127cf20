using KpiExporter.Sources.Checkout;

namespace KpiExporter.Tests.Sources.Checkout.Faults;

/// <summary>
/// What the file system can do to a dataset path: change or vanish in the middle of a read, refuse the read, loop,
/// or be something other than a file. Each is reported with the file and the reason (or, for a deleted file, the
/// dataset goes as it would at any other time), nothing torn is ever applied and the other dataset is unaffected.
/// </summary>
public sealed class FileSystemFaultTests : IDisposable
{
    private readonly HostileDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Grows the victim past one read, so that a change after the first read call lands in the middle.</summary>
    private static string LongDay(int today) => HostileDirectory.Day(24, today) + new string('\n', 100_000);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_file_replaced_in_the_middle_of_a_read_applies_nothing_torn_and_the_new_file_is_read_next(bool inPlace)
    {
        File.WriteAllText(_dir.VictimPath, LongDay(today: 5));
        _dir.Loader.Refresh(_dir.VictimPath);
        _dir.Opener.AfterFirstRead(_dir.VictimPath, () =>
        {
            if (inPlace)
            {
                File.WriteAllText(_dir.VictimPath, HostileDirectory.Day(24, today: 9)); // same file, rewritten under the reader
            }
            else
            {
                var next = _dir.Write("victim.next", HostileDirectory.Day(24, today: 9));
                File.Move(next, _dir.VictimPath, overwrite: true); // a new file renamed over the old one
            }
        });

        _dir.Loader.Refresh(_dir.VictimPath);

        _dir.VictimKeepsItsLastGoodDay();
        _dir.Health.Get(CheckoutFileLoader.Kind, "victim").ShouldNotBeNull().Up.ShouldBe(true);
        _dir.Logs.Lines.ShouldContain(l => l.Contains(_dir.VictimPath, StringComparison.Ordinal) && l.Contains("changed while it was read", StringComparison.Ordinal));

        _dir.Loader.Scan(_dir.Path); // the safety-net rescan (the watcher's event would do the same)

        _dir.Store.Get("victim").ShouldNotBeNull().Day[10]!.Today.ShouldBe(9);
        _dir.OtherDatasetUnaffected();
    }

    [Fact]
    public void A_file_deleted_in_the_middle_of_a_read_drops_its_dataset_without_an_error()
    {
        File.WriteAllText(_dir.VictimPath, LongDay(today: 5));
        _dir.Loader.Refresh(_dir.VictimPath);
        _dir.Opener.AfterFirstRead(_dir.VictimPath, () => File.Delete(_dir.VictimPath));

        _dir.Loader.Refresh(_dir.VictimPath);

        _dir.Store.Get("victim").ShouldBeNull();
        _dir.Health.Get(CheckoutFileLoader.Kind, "victim").ShouldBeNull();
        _dir.Logs.Lines.ShouldNotContain(l => l.StartsWith("Error", StringComparison.Ordinal));
        _dir.Logs.Lines.ShouldContain(l => l.Contains("Dataset victim removed", StringComparison.Ordinal));
        _dir.OtherDatasetUnaffected();
    }

    /// <summary>
    /// Through the opener seam in every environment: the tests may run as root, which no file mode denies. The same
    /// refusal from the real file system (chmod 000, with root's override dropped) is in HostileFilesProcessTests.
    /// </summary>
    [Fact]
    public void Permission_denied_is_reported_with_the_file_and_the_last_good_day_kept()
    {
        _dir.Opener.Fail(_dir.VictimPath, new UnauthorizedAccessException($"Access to the path '{_dir.VictimPath}' is denied."));

        _dir.Loader.Refresh(_dir.VictimPath);

        _dir.Rejected("victim", _dir.VictimPath, LoadErrorReason.PermissionDenied)
            .ShouldBe($"permission denied: the exporter's user may not read the file (Access to the path '{_dir.VictimPath}' is denied.)");
        _dir.VictimKeepsItsLastGoodDay();
        _dir.OtherDatasetUnaffected();

        _dir.Opener.Heal(_dir.VictimPath);
        _dir.Loader.Scan(_dir.Path); // the permission is fixed: the next rescan reads the file again

        _dir.Health.Get(CheckoutFileLoader.Kind, "victim").ShouldNotBeNull().Up.ShouldBe(true);
    }

    [Fact]
    public void A_symbolic_link_loop_is_reported_not_followed()
    {
        var loop = _dir.File("loop.csv");
        File.CreateSymbolicLink(loop, _dir.File("loop.back"));
        File.CreateSymbolicLink(_dir.File("loop.back"), loop);

        _dir.Loader.Scan(_dir.Path);

        _dir.Rejected("loop", loop, LoadErrorReason.ReadError).ShouldStartWith("a symbolic link that cannot be followed");
        _dir.Opener.Opens(loop).ShouldBe(0);
        _dir.OtherDatasetUnaffected();
        _dir.VictimKeepsItsLastGoodDay();
    }

    [Fact]
    public void A_symbolic_link_to_nothing_is_reported()
    {
        var dangling = _dir.File("dangling.csv");
        File.CreateSymbolicLink(dangling, _dir.File("gone.csv.part"));

        _dir.Loader.Scan(_dir.Path);

        _dir.Rejected("dangling", dangling, LoadErrorReason.ReadError).ShouldBe($"a symbolic link to '{_dir.File("gone.csv.part")}', which does not exist");
        _dir.OtherDatasetUnaffected();
    }

    [Fact]
    public void A_directory_named_like_a_dataset_is_reported_as_not_a_file()
    {
        var directory = _dir.File("x.csv");
        Directory.CreateDirectory(directory);

        _dir.Loader.Refresh(directory); // what the watcher's event does
        _dir.Rejected("x", directory, LoadErrorReason.NotAFile).ShouldBe("it is a directory, not a file");

        _dir.Loader.Scan(_dir.Path); // and the rescan finds it too
        _dir.Rejected("x", directory, LoadErrorReason.NotAFile);
        _dir.OtherDatasetUnaffected();

        Directory.Delete(directory);
        _dir.Loader.Scan(_dir.Path);
        _dir.Health.Get(CheckoutFileLoader.Kind, "x").ShouldBeNull();
    }

    [Fact]
    public async Task A_file_name_that_is_not_UTF8_is_reported_not_skipped()
    {
        (await Command.RunAsync("sh", ["-c", "printf '%s' \"$1\" > \"$2/$(printf 'caf\\351').csv\"", "sh", HostileDirectory.Day(24), _dir.Path])).ExitCode.ShouldBe(0);

        _dir.Loader.Scan(_dir.Path);

        _dir.Rejected("caf\uFFFD", _dir.File("caf\uFFFD.csv"), LoadErrorReason.ReadError).ShouldStartWith("the file name is not valid UTF-8");
        _dir.OtherDatasetUnaffected();
    }

    [Fact]
    public async Task A_named_pipe_is_refused_without_waiting_for_a_writer()
    {
        var pipe = _dir.File("pipe.csv");
        (await Command.RunAsync("mkfifo", [pipe])).ExitCode.ShouldBe(0);

        await Task.Run(() => _dir.Loader.Scan(_dir.Path)).WaitAsync(TimeSpan.FromSeconds(20));

        _dir.Rejected("pipe", pipe, LoadErrorReason.EmptyFile);
        _dir.Opener.Opens(pipe).ShouldBe(0);
        _dir.OtherDatasetUnaffected();
    }
}
