using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ActionConstraints;
using Microsoft.AspNetCore.Routing;

namespace Identity.Server.Controllers;

/// <summary>Selects an action only for form posts that carry the named field (e.g. the sign-out confirmation).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FormValueRequiredAttribute(string name) : ActionMethodSelectorAttribute
{
    public override bool IsValidForRequest(RouteContext routeContext, ActionDescriptor action)
    {
        var request = routeContext.HttpContext.Request;
        return HttpMethods.IsPost(request.Method) && request.HasFormContentType && !string.IsNullOrEmpty(request.Form[name]);
    }
}
