using KpiExporter.Web;

namespace KpiExporter.Tests.Web;

public sealed class BasicAuthVerifierTests
{
    private static BasicAuthUsers Users(string user, string password) =>
        BasicAuthUsers.From(new Dictionary<string, string> { [user] = BCrypt.Net.BCrypt.HashPassword(password, 4) });

    [Fact]
    public void The_right_password_passes_and_a_wrong_one_or_an_unknown_user_does_not()
    {
        var verifier = new BasicAuthVerifier();
        var users = Users("prometheus", "s3cret");

        verifier.Verify(users, "prometheus", "s3cret").ShouldBeTrue();
        verifier.Verify(users, "prometheus", "s3cret").ShouldBeTrue();
        verifier.Verify(users, "prometheus", "S3cret").ShouldBeFalse();
        verifier.Verify(users, "Prometheus", "s3cret").ShouldBeFalse();
        verifier.Verify(users, "prometheus", "").ShouldBeFalse();
    }

    [Fact]
    public void A_remembered_password_no_longer_passes_once_the_file_holds_a_new_hash()
    {
        var verifier = new BasicAuthVerifier();
        verifier.Verify(Users("prometheus", "old"), "prometheus", "old").ShouldBeTrue();

        var changed = Users("prometheus", "new");

        verifier.Verify(changed, "prometheus", "old").ShouldBeFalse();
        verifier.Verify(changed, "prometheus", "new").ShouldBeTrue();
    }

    [Fact]
    public void A_remembered_password_does_not_pass_for_another_user_with_the_same_hash()
    {
        var verifier = new BasicAuthVerifier();
        var hash = BCrypt.Net.BCrypt.HashPassword("shared", 4);
        var users = BasicAuthUsers.From(new Dictionary<string, string> { ["a"] = hash });
        verifier.Verify(users, "a", "shared").ShouldBeTrue();

        verifier.Verify(users, "b", "shared").ShouldBeFalse();
    }
}
