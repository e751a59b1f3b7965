using System.Threading;

namespace MlflowScorers.Monitoring.Scoring;

/// <summary>What a poll or backfill did, counted across threads.</summary>
internal sealed class MonitorCounts
{
    private int _seen;
    private int _sampled;
    private int _runs;
    private int _errors;
    private int _written;
    private int _present;
    private long _tokens;
    private int _unreadable;

    public int Seen => _seen;

    public int Sampled => _sampled;

    public int Runs => _runs;

    public int Errors => _errors;

    public int Written => _written;

    public int Present => _present;

    public long Tokens => Interlocked.Read(ref _tokens);

    public int Unreadable => _unreadable;

    public void AddSeen(int n = 1) => Interlocked.Add(ref _seen, n);

    public void AddSampled() => Interlocked.Increment(ref _sampled);

    public void AddRun(bool failed)
    {
        Interlocked.Increment(ref _runs);
        if (failed)
        {
            Interlocked.Increment(ref _errors);
        }
    }

    public void AddWritten() => Interlocked.Increment(ref _written);

    public void AddPresent() => Interlocked.Increment(ref _present);

    public void AddUnreadable() => Interlocked.Increment(ref _unreadable);

    public void AddTokens(long n) => Interlocked.Add(ref _tokens, n);
}
