using Microsoft.Extensions.Options;

namespace FedBpt.Web.Security;

/// <summary>
/// Refuses to start a service that other machines can reach without a token, and a token too short to resist
/// guessing. Binding beyond localhost with no authentication must not be silent.
/// </summary>
public sealed class AuthOptionsValidator(IConfiguration configuration) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        const string howTo = "Set one with the environment variable FedBpt__Auth__Token or the argument --FedBpt:Auth:Token "
                             + "(e.g. the output of `openssl rand -hex 32`)";
        if (options.Enabled)
        {
            return options.Token!.Trim().Length < AuthOptions.MinTokenLength
                ? ValidateOptionsResult.Fail($"FedBpt:Auth:Token is shorter than {AuthOptions.MinTokenLength} characters. {howTo}.")
                : ValidateOptionsResult.Success;
        }
        var exposed = ServerBindings.Of(configuration).Where(url => !ServerBindings.IsLoopback(url)).ToArray();
        return exposed.Length == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"The service would listen on {string.Join(", ", exposed)}, which other machines can reach, and FedBpt:Auth:Token is not set: "
                + $"anyone who can connect could run and delete experiments. {howTo}, or listen on 127.0.0.1 only (Urls).");
    }
}
