using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Venice.Sim.Cli;

/// <summary>
/// Parses number flags in the user's words. System.CommandLine's own message names the CLR type
/// ("as expected type 'System.Nullable`1[System.Int64]'"), which tells a user nothing.
/// </summary>
internal static partial class WholeNumbers
{
    /// <summary>A parser for <paramref name="flag"/>: a plain decimal whole number within <typeparamref name="T"/>'s range.</summary>
    public static Func<ArgumentResult, T> Parser<T>(string flag, T missing = default)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T> => result =>
    {
        if (result.Tokens.Count == 0)
        {
            return missing;
        }

        var text = result.Tokens[^1].Value;
        if (!T.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            result.AddError($"{flag} '{text}': expected a whole number from {T.MinValue.ToString(null, CultureInfo.InvariantCulture)} to {T.MaxValue.ToString(null, CultureInfo.InvariantCulture)}");
            return missing;
        }

        return value;
    };

    /// <summary>Same as <see cref="Parser{T}(string, T)"/> for an optional flag whose absence means "use the default".</summary>
    public static Func<ArgumentResult, T?> OptionalParser<T>(string flag)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        var parse = Parser<T>(flag, default);
        return result => result.Tokens.Count == 0 ? null : parse(result);
    }

    /// <summary>A last line of defence for parse messages that still name a CLR type.</summary>
    public static string WithoutClrTypeNames(string message) =>
        ClrTypeName().Replace(message, "of the expected kind");

    [GeneratedRegex(@"as expected type '[^']*'", RegexOptions.CultureInvariant)]
    private static partial Regex ClrTypeName();
}
