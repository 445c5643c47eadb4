/**
 * File names refused as attachments whatever their content: the API refuses them (415), and the web
 * app refuses them before sending, with the same message, so a person never waits for an upload
 * that cannot succeed.
 */

const words = (list: string) => new Set(list.split(/\s+/).filter(Boolean));

/**
 * Extensions refused whatever the content: programs, installers, scripts, shortcuts and disk images
 * that run when opened (Gmail's blocked list plus the Unix and macOS equivalents).
 */
export const EXECUTABLE_EXTENSIONS: ReadonlySet<string> = words(
  "exe dll bat cmd com msi msix msixbundle msp mst appx appxbundle scr pif cpl sys drv ocx lib xll ex_ " +
    "ade adp ins isp mde msc nsh sct shb vxd cab chm hta inf reg scf url lnk gadget application xbap jnlp " +
    "diagcab diagcfg diagpack ps1 ps1xml ps2 psm1 psd1 psc1 vb vbs vbe js jse mjs cjs ws wsf wsh wsc jar " +
    "class sh bash zsh csh ksh fish command run elf deb rpm apk aab xapk ipa app dmg pkg mpkg workflow " +
    "action iso img vhd vhdx crx xpi swf py pyw pyc pl rb php",
);

const MAX_EXTENSION_CHARS = 16;

/** The lower-case extension of a file name ("" for none, a dot-file or one longer than 16 characters). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  if (dot <= 0 || dot === name.length - 1) return "";
  const ext = name.slice(dot + 1).toLowerCase();
  return ext.length <= MAX_EXTENSION_CHARS ? ext : "";
}

/** True for a name whose extension runs when opened. */
export function isExecutableName(name: string): boolean {
  return EXECUTABLE_EXTENSIONS.has(extensionOf(name));
}

export const fileTypeRefusedMessage = (name: string) =>
  `O arquivo "${name}" não foi aceito: programas, instaladores e scripts não podem ser anexados.`;
