namespace Venice.Core.Environment;

/// <summary>Virtual time in milliseconds. Core never reads the wall clock.</summary>
public interface IClock
{
    long NowMs { get; }
}
