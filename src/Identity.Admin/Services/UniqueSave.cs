using System.Runtime.ExceptionServices;
using Microsoft.EntityFrameworkCore;

namespace Identity.Admin;

/// <summary>
/// Saving a value that must be unique (an indicator, a role name, a scope name within its resource). The services check
/// first; two requests racing past that check meet the database's unique index instead, and the loser gets the same 409
/// as if it had come second, not a 500.
/// </summary>
internal static class UniqueSave
{
    public static async Task SaveOrConflictAsync(this DbContext db, Func<Task<bool>> taken, ConflictException conflict, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        catch (DbUpdateException exception) when (db.Database.CurrentTransaction is null)
        {
            // The failed change stays tracked: forget it, then see whether the value was taken meanwhile.
            db.ChangeTracker.Clear();
            if (await taken())
            {
                throw conflict;
            }
            ExceptionDispatchInfo.Throw(exception);
        }
    }
}
