namespace KpiMonitoring.LocalServers;

/// <summary>
/// A block a shipped configuration carries commented out for production, between <c># BEGIN name</c> and
/// <c># END name</c> lines, so that a test can run exactly the lines a user would uncomment.
/// </summary>
public static class CommentedBlock
{
    /// <summary>The lines between the markers of <paramref name="name"/> in <paramref name="file"/>, with their "# " removed.</summary>
    public static string Uncommented(string file, string name)
    {
        var lines = File.ReadAllLines(file);
        var (begin, end) = Markers(lines, file, name);
        return string.Join('\n', lines[(begin + 1)..end].Select(Uncomment));
    }

    /// <summary>The whole of <paramref name="file"/> with the block of <paramref name="name"/> uncommented in place.</summary>
    public static string Enabled(string file, string name)
    {
        var lines = File.ReadAllLines(file);
        var (begin, end) = Markers(lines, file, name);
        return string.Join('\n', lines.Select((line, i) => i > begin && i < end ? Uncomment(line) : line)) + "\n";
    }

    private static (int Begin, int End) Markers(string[] lines, string file, string name)
    {
        var begin = Array.FindIndex(lines, l => l.Trim() == $"# BEGIN {name}");
        var end = Array.FindIndex(lines, l => l.Trim() == $"# END {name}");
        if (begin < 0 || end <= begin)
        {
            throw new InvalidOperationException($"{file} has no '# BEGIN {name}' ... '# END {name}' block");
        }

        return (begin, end);
    }

    /// <summary>"  # - job_name: x" becomes "  - job_name: x": the first "# " goes, the indentation before it stays.</summary>
    private static string Uncomment(string line)
    {
        var hash = line.IndexOf("# ", StringComparison.Ordinal);
        return hash >= 0 && line[..hash].Trim().Length == 0 ? line[..hash] + line[(hash + 2)..] : line;
    }
}
