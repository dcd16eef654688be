using System.Runtime.InteropServices;

namespace Venice.Sim.Tracing;

/// <summary>
/// Tells a regular file from a device, a FIFO or a socket. .NET reports all of them as
/// <see cref="FileAttributes.Normal"/> on Unix, and renaming a temporary file over /dev/full or
/// /dev/null would replace the device, so the file type comes from stat(2) where the layout of
/// <c>struct stat</c> is known (Linux on x64 and arm64).
/// </summary>
internal static class FileKinds
{
    private const uint TypeMask = 0xF000;
    private const uint RegularFile = 0x8000;

    public static bool IsRegularFile(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return !Directory.Exists(path);
        }

        int modeOffset = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 24, // st_dev, st_ino, st_nlink (8 bytes each), then st_mode
            Architecture.Arm64 => 16, // the generic layout: st_dev, st_ino, then st_mode
            _ => -1,
        };
        if (modeOffset < 0)
        {
            return !Directory.Exists(path) && !path.StartsWith("/dev/", StringComparison.Ordinal);
        }

        var buffer = new byte[256];
        try
        {
            if (Stat(path, buffer) != 0)
            {
                return true; // gone or unreadable: creating the temporary file reports the real problem
            }
        }
        catch (EntryPointNotFoundException)
        {
            return !Directory.Exists(path) && !path.StartsWith("/dev/", StringComparison.Ordinal);
        }

        var mode = BitConverter.ToUInt32(buffer, modeOffset);
        return (mode & TypeMask) == RegularFile;
    }

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);
}
