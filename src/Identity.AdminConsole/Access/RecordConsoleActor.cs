using Identity.Core.Audit;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.AdminConsole.Access;

/// <summary>Names the signed-in person as the actor of every admin change a console page makes (the audit trail's "who").</summary>
internal sealed class RecordConsoleActor : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var person = context.HttpContext.User;
        if (person.Identity?.IsAuthenticated == true)
        {
            context.HttpContext.RequestServices.GetRequiredService<AuditActor>().Name = AuditActor.ConsolePerson(ConsolePerson.Username(person));
        }
        return next();
    }
}
