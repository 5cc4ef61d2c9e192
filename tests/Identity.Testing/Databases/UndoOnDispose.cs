namespace Identity.Testing;

/// <summary>Runs an undo action once, when disposed (e.g. puts back a database a test took away).</summary>
public sealed class UndoOnDispose(Action undo) : IDisposable
{
    private Action? _undo = undo;

    public void Dispose()
    {
        _undo?.Invoke();
        _undo = null;
    }
}
