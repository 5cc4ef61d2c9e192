using Identity.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Identity.Core.Tests;

/// <summary>A user manager over a dictionary: enough for validators that look users up by name.</summary>
internal static class InMemoryUsers
{
    public static UserManager<UserAccount> Manager(params UserAccount[] users)
    {
        var normalizer = new UpperInvariantLookupNormalizer();
        foreach (var user in users)
        {
            user.NormalizedUserName = normalizer.NormalizeName(user.UserName);
        }
        return new UserManager<UserAccount>(new Store(users), Options.Create(new IdentityOptions()), new PasswordHasher<UserAccount>(),
            [], [], normalizer, new IdentityErrorDescriber(), null!, NullLogger<UserManager<UserAccount>>.Instance);
    }

    private sealed class Store(IEnumerable<UserAccount> users) : IUserStore<UserAccount>
    {
        private readonly List<UserAccount> _users = [.. users];

        public Task<UserAccount?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) =>
            Task.FromResult(_users.FirstOrDefault(u => u.NormalizedUserName == normalizedUserName));

        public Task<UserAccount?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
            Task.FromResult(_users.FirstOrDefault(u => u.Id == userId));

        public Task<string> GetUserIdAsync(UserAccount user, CancellationToken cancellationToken) => Task.FromResult(user.Id);

        public Task<string?> GetUserNameAsync(UserAccount user, CancellationToken cancellationToken) => Task.FromResult(user.UserName);

        public Task<string?> GetNormalizedUserNameAsync(UserAccount user, CancellationToken cancellationToken) => Task.FromResult(user.NormalizedUserName);

        public Task SetUserNameAsync(UserAccount user, string? userName, CancellationToken cancellationToken) => Task.FromResult(user.UserName = userName);

        public Task SetNormalizedUserNameAsync(UserAccount user, string? normalizedName, CancellationToken cancellationToken) =>
            Task.FromResult(user.NormalizedUserName = normalizedName);

        public Task<IdentityResult> CreateAsync(UserAccount user, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IdentityResult> UpdateAsync(UserAccount user, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IdentityResult> DeleteAsync(UserAccount user, CancellationToken cancellationToken) => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }
}
