using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ScenarioGrid.Silo;

/// <summary>
/// Options a host needs while it is being composed (which clustering, which database), before dependency
/// injection can hand out <c>IOptions</c>: bound from their section and checked against their data annotations
/// right away, so nothing is configured from a value that would fail validation.
/// </summary>
public static class ValidatedOptions
{
    /// <summary>Section <paramref name="section"/> bound onto a new <typeparamref name="T"/>, validated.</summary>
    /// <exception cref="OptionsValidationException">Every failure, each naming the section and key.</exception>
    public static T Bind<T>(IConfiguration configuration, string section) where T : class, new() =>
        Validate(configuration.GetSection(section).Get<T>() ?? new T(), section);

    /// <summary><paramref name="options"/> when they satisfy their data annotations (nested objects too).</summary>
    /// <exception cref="OptionsValidationException">Every failure, each naming the section and key.</exception>
    public static T Validate<T>(T options, string section) where T : class
    {
        var failures = new List<string>();
        Collect(options, section, failures);
        return failures.Count == 0 ? options : throw new OptionsValidationException(section, typeof(T), failures);
    }

    private static void Collect(object options, string prefix, List<string> failures)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        failures.AddRange(results.Select(r => $"{prefix}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        foreach (var property in options.GetType().GetProperties())
            if (property.PropertyType.IsClass && property.PropertyType != typeof(string) && property.GetValue(options) is { } nested)
                Collect(nested, $"{prefix}:{property.Name}", failures);
    }
}
