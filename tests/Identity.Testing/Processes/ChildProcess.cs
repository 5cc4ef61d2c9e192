using System.Diagnostics;
using System.Text;

namespace Identity.Testing;

/// <summary>
/// A process the tests started (a server, the sample app), its output kept for failure messages, and it and anything
/// it started killed at the end. One class for every such process, so each waits and cleans up the same way.
/// </summary>
public sealed class ChildProcess : IDisposable, IAsyncDisposable
{
    /// <summary>An upper bound, not a wait: a loaded two-core CI machine can take long to start a process cold.</summary>
    public static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly string _name;
    private readonly StringBuilder _output = new();
    private int _stopped;

    private ChildProcess(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool HasExited => _process.HasExited;

    /// <param name="name">What the process is, for failure messages (e.g. "The server").</param>
    public static ChildProcess Start(ProcessStartInfo start, string name)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var child = new ChildProcess(new Process { StartInfo = start }, name);
        child._process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// Polls <paramref name="url"/> until it answers below 500 (any such answer means the app is up: a server that
    /// requires https redirects plain http); fails at once, with the output, if the process exits first.
    /// </summary>
    public async Task WaitUntilAnsweringAsync(Uri url, TimeSpan? within = null)
    {
        var bound = within ?? DefaultStartTimeout;
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_name} exited with code {_process.ExitCode} before answering {url}.\n{Output}");
            }
            try
            {
                using var response = await http.GetAsync(url);
                if ((int)response.StatusCode < 500) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{_name} did not answer {url} within {bound.TotalSeconds} s.\n{Output}");
    }

    /// <summary>
    /// Runs a command to its end: <paramref name="stdin"/> as its one line of input (none: input closed at once, so a
    /// command that asks never waits), killed with everything it started if it takes longer than <paramref name="timeout"/>.
    /// </summary>
    public static async Task<ProcessResult> RunToEndAsync(ProcessStartInfo start, TimeSpan timeout, string? stdin = null)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteLineAsync(stdin);
        }
        process.StandardInput.Close();

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{string.Join(' ', start.ArgumentList)}' did not exit within {timeout.TotalSeconds} s.");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Kills the process and anything it started; safe to call more than once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
