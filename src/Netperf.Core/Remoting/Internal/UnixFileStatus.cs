using System.Globalization;
using System.Runtime.InteropServices;

namespace Netperf.Core.Remoting.Internal;

/// <summary>
/// What <c>lstat</c> says about a path (never following a final symbolic link): its owner, mode and kind. .NET has no
/// API for a file's owner, so this calls <c>statx(2)</c>, whose buffer has one layout on every Linux architecture
/// (unlike <c>struct stat</c>). Linux only; see <see cref="IsSupported"/>.
/// </summary>
internal readonly record struct UnixFileStatus(uint OwnerId, UnixFileMode Mode, UnixFileKind Kind)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxUid = 0x8;
    private const int FileTypeMask = 0xF000;
    private const int Enoent = 2;
    private const int Enotdir = 20;

    /// <summary>True where owners can be read (Linux).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>The effective user id of this process.</summary>
    public static uint CurrentUserId => OperatingSystem.IsWindows() ? 0 : NativeMethods.geteuid();

    /// <summary>True when the mode lets group or others write.</summary>
    public bool WritableByOthers => (Mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0;

    /// <summary>True when the mode lets group or others in at all.</summary>
    public bool OpenToOthers => (Mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0;

    /// <summary>True when the sticky bit is set (only an entry's owner may remove or rename it).</summary>
    public bool Sticky => (Mode & UnixFileMode.StickyBit) != 0;

    /// <summary>The mode as four octal digits (<c>1777</c>).</summary>
    public string OctalMode => Convert.ToString((int)Mode, 8).PadLeft(4, '0');

    /// <summary>Reads the status of <paramref name="path"/>; <see langword="null"/> when nothing is there.</summary>
    /// <exception cref="IOException">The path cannot be examined (permission denied, for example).</exception>
    public static UnixFileStatus? Lstat(string path)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
        System.Text.Encoding.UTF8.GetBytes(path, bytes);
        if (NativeMethods.statx(AtFdCwd, bytes, AtSymlinkNoFollow, StatxType | StatxMode | StatxUid, out var buffer) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error is Enoent or Enotdir)
            {
                return null;
            }

            throw new IOException($"Cannot examine '{path}': {Marshal.GetPInvokeErrorMessage(error)} (errno {error}).");
        }

        var kind = (buffer.Mode & FileTypeMask) switch
        {
            0x4000 => UnixFileKind.Directory,
            0xA000 => UnixFileKind.SymbolicLink,
            0x8000 => UnixFileKind.File,
            _ => UnixFileKind.Other,
        };
        return new UnixFileStatus(buffer.Uid, (UnixFileMode)(buffer.Mode & 0xFFF), kind);
    }

    /// <summary>The name of a user id (from the user database), or <c>uid N</c> when it has none.</summary>
    public static string UserName(uint userId)
    {
        if (!OperatingSystem.IsWindows())
        {
            // getpwuid's buffer is static: good enough for a message, and pw_name is its first field on every libc.
            var entry = NativeMethods.getpwuid(userId);
            if (entry != IntPtr.Zero)
            {
                var name = Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(entry));
                if (!string.IsNullOrEmpty(name))
                {
                    return name;
                }
            }
        }

        return "uid " + userId.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A user for messages: <c>name (uid N)</c>.</summary>
    public static string DescribeUser(uint userId) => $"{UserName(userId)} (uid {userId.ToString(CultureInfo.InvariantCulture)})";

    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(20)]
        public uint Uid;

        [FieldOffset(28)]
        public ushort Mode;
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int statx(int dirfd, byte[] pathname, int flags, uint mask, out StatxBuffer buffer);

        [DllImport("libc")]
        public static extern uint geteuid();

        [DllImport("libc")]
        public static extern IntPtr getpwuid(uint uid);
    }
}
