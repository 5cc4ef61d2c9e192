namespace Identity.Admin.ManagementApi;

/// <summary>
/// Fields the seed file has and the Management API's create bodies share the type of, but do not take: the roles an
/// application or user holds are set through <c>/api/{kind}/{id}/roles</c>. Refused rather than ignored.
/// </summary>
internal static class SeedOnlyFields
{
    public static T Refuse<T>(T body, Func<T, List<string>?> roles, string kind) => roles(body) is null
        ? body
        : throw AdminValidationException.For("roles", $"is set after creation, with POST /api/{kind}/{{id}}/roles.");
}
