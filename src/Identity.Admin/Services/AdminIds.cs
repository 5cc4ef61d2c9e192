using System.Security.Cryptography;

namespace Identity.Admin;

/// <summary>Ids for the records admins create (resources, scopes, roles): random, URL-safe, as Logto's are.</summary>
internal static class AdminIds
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    // 21 characters of 36 (about 108 bits), like Logto's generated ids.
    public static string New() => RandomNumberGenerator.GetString(Alphabet, 21);
}
