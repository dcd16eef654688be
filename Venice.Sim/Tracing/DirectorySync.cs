using System.Runtime.InteropServices;

namespace Venice.Sim.Tracing;

/// <summary>
/// Makes a rename durable. fsync of the file makes its bytes durable, but the directory entry that a
/// rename changed lives in the directory, and until the directory itself is synced a power loss may
/// bring back the old entry (or none). POSIX has no other way to sync a directory than opening it
/// read-only and calling fsync(2) on that descriptor, which .NET's file APIs refuse to do for a
/// directory, hence libc. Windows has no such step (NTFS journals the rename), nor does any platform
/// without libc: there it is a no-op that reports false.
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY
    private static readonly int Directory = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm
        ? 0x4000 // O_DIRECTORY on Linux arm/arm64
        : 0x10000; // O_DIRECTORY on Linux x86/x64

    /// <summary>Syncs <paramref name="directory"/>'s entries to disk; false where the platform has no such call or it failed.</summary>
    public static bool Sync(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        int descriptor;
        try
        {
            descriptor = Open(directory, ReadOnly | Directory);
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }

        if (descriptor < 0)
        {
            return false;
        }

        try
        {
            return FileSync(descriptor) == 0;
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FileSync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);
}
