using Identity.Core.Applications;

namespace Identity.Core.Tests;

public class ApplicationTypeTests
{
    [Theory]
    [InlineData(ApplicationType.Traditional, true)]
    [InlineData(ApplicationType.MachineToMachine, true)]
    [InlineData(ApplicationType.SPA, false)]
    [InlineData(ApplicationType.Native, false)]
    public void IsConfidential_ServerSideTypes_TrueBrowserAndDeviceTypes_False(ApplicationType type, bool expected)
    {
        Assert.Equal(expected, type.IsConfidential());
    }

    [Theory]
    [InlineData(ApplicationType.Traditional, true)]
    [InlineData(ApplicationType.SPA, true)]
    [InlineData(ApplicationType.Native, true)]
    [InlineData(ApplicationType.MachineToMachine, false)]
    public void SignsUsersIn_AllButMachineToMachine_True(ApplicationType type, bool expected)
    {
        Assert.Equal(expected, type.SignsUsersIn());
    }

    [Fact]
    public void ApplicationType_Names_MatchLogtoSpelling()
    {
        Assert.Equal(["Traditional", "SPA", "Native", "MachineToMachine"], Enum.GetNames<ApplicationType>());
    }
}
