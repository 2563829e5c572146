using System.ComponentModel;
using System.Reflection;

namespace Netperf.Perf.Discovery;

/// <summary>A discovered perf test: its class, its options class and its description.</summary>
public sealed class PerfTestDescriptor
{
    private readonly ConstructorInfo _constructor;

    private PerfTestDescriptor(Type type, Type optionsType, ConstructorInfo constructor, string? description)
    {
        Type = type;
        OptionsType = optionsType;
        _constructor = constructor;
        Description = description;
    }

    /// <summary>The test's name: its class name (for example <c>NoOpTest</c>).</summary>
    public string Name => Type.Name;

    /// <summary>The test class.</summary>
    public Type Type { get; }

    /// <summary>The options class (the <c>TOptions</c> of its base class).</summary>
    public Type OptionsType { get; }

    /// <summary>The test's <see cref="DescriptionAttribute"/>, if any.</summary>
    public string? Description { get; }

    /// <summary>Describes a test class.</summary>
    /// <param name="type">A public, non-abstract class derived from one of the perf test base classes, with a public constructor taking its options.</param>
    /// <returns>The descriptor.</returns>
    /// <exception cref="ArgumentException">The type is not a runnable perf test; the message says why.</exception>
    public static PerfTestDescriptor For(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!IsCandidate(type))
        {
            throw new ArgumentException($"{type.FullName} is not a runnable perf test: it must be a public, non-abstract, non-generic class derived from PerfStressTest<T>, BatchPerfTest<T> or EventPerfTest<T>.", nameof(type));
        }

        var optionsType = FindOptionsType(type);
        var constructor = type.GetConstructor([optionsType])
            ?? throw new ArgumentException(Internal.DiscoveryDiagnostics.ConstructorProblem(type, optionsType), nameof(type));
        return new PerfTestDescriptor(type, optionsType, constructor, type.GetCustomAttribute<DescriptionAttribute>()?.Description);
    }

    /// <summary>Creates an instance for a run.</summary>
    /// <param name="options">The parsed options (of <see cref="OptionsType"/> or derived from it).</param>
    /// <returns>The new instance.</returns>
    public PerfTest CreateInstance(PerfOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!OptionsType.IsInstanceOfType(options))
        {
            throw new ArgumentException($"{Name} needs options of type {OptionsType.Name}, not {options.GetType().Name}.", nameof(options));
        }

        try
        {
            return (PerfTest)_constructor.Invoke([options]);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    internal static bool IsCandidate(Type type) =>
        type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false }
        && (type.IsPublic || type.IsNestedPublic)
        && typeof(PerfTest).IsAssignableFrom(type);

    internal static Type FindOptionsType(Type type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(PerfTest<>))
            {
                return current.GetGenericArguments()[0];
            }
        }

        throw new ArgumentException($"{type.Name} does not derive from PerfTest<TOptions>.", nameof(type));
    }
}
