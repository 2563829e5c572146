using Azure.Core;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Netperf.Azure.Images;
using Netperf.Core.Pairs;

namespace Netperf.Azure.Pairs.Internal;

/// <summary>Builds the VM body: size per OS, image (URN or gallery id), Trusted Launch, admin credential, one NIC deleted with the VM.</summary>
internal static class VmDefinition
{
    public static VirtualMachineData Create(
        AzureLocation location, IReadOnlyDictionary<string, string> tags, string name, AzureImage image, string size,
        string adminUser, VmSecrets secrets, ResourceIdentifier nicId)
    {
        var imageReference = image.GalleryImageId is { } galleryId
            ? new ImageReference { Id = new ResourceIdentifier(galleryId) }
            : new ImageReference { Publisher = image.Publisher, Offer = image.Offer, Sku = image.Sku, Version = image.Version };
        var osProfile = new VirtualMachineOSProfile { ComputerName = name, AdminUsername = adminUser };
        if (image.OsFamily == OsFamily.Windows)
        {
            osProfile.AdminPassword = secrets.Password;
            osProfile.WindowsConfiguration = new WindowsConfiguration { ProvisionVmAgent = true, IsAutomaticUpdatesEnabled = false };
        }
        else
        {
            osProfile.LinuxConfiguration = new LinuxConfiguration { IsPasswordAuthenticationDisabled = true, ProvisionVmAgent = true };
            osProfile.LinuxConfiguration.SshPublicKeys.Add(new SshPublicKeyConfiguration
            {
                Path = $"/home/{adminUser}/.ssh/authorized_keys",
                KeyData = secrets.PublicKey,
            });
        }

        var data = new VirtualMachineData(location)
        {
            HardwareProfile = new VirtualMachineHardwareProfile { VmSize = new VirtualMachineSizeType(size) },
            StorageProfile = new VirtualMachineStorageProfile
            {
                ImageReference = imageReference,
                OSDisk = new VirtualMachineOSDisk(DiskCreateOptionType.FromImage)
                {
                    ManagedDisk = new VirtualMachineManagedDisk { StorageAccountType = StorageAccountType.PremiumLrs },
                    DeleteOption = DiskDeleteOptionType.Delete,
                },
            },
            OSProfile = osProfile,
            NetworkProfile = new VirtualMachineNetworkProfile(),
        };
        data.NetworkProfile.NetworkInterfaces.Add(new VirtualMachineNetworkInterfaceReference { Id = nicId, Primary = true, DeleteOption = ComputeDeleteOption.Delete });
        if (image.TrustedLaunch)
        {
            data.SecurityProfile = new SecurityProfile
            {
                SecurityType = SecurityType.TrustedLaunch,
                UefiSettings = new UefiSettings { IsSecureBootEnabled = image.SecureBoot, IsVirtualTpmEnabled = true },
            };
        }

        foreach (var (key, value) in tags)
        {
            data.Tags[key] = value;
        }

        return data;
    }
}
