; cpdesk's Windows installer, for Inno Setup 6.
;
; Build the app first (py -3.11 dev.py package, which leaves dist\cpdesk\ and checks it), then from the
; checkout's folder:
;     ISCC /DAppVersion=0.1.0 packaging\cpdesk.iss
; with pyproject.toml's version. The installer is written to dist\installer\cpdesk-VERSION-setup.exe.
;
; Two install modes. By default a per-user install: it asks for no administrator rights and writes only
; to the officer's own profile (%LOCALAPPDATA%\Programs\cpdesk) and their own registry hive (HKCU).
; /ALLUSERS on the command line (or "Install for all users" in the first dialog) installs for everyone
; into Program Files, with the registry in HKLM: what SCCM or Intune deploys, and what AppLocker's and
; WDAC's default rules let run. The database, settings, logs and backups live in each user's
; %LOCALAPPDATA%\cpdesk, which this installer never installs into, and so the uninstaller never removes
; them. packaging/README.md says how to build, deploy and test it.

#ifndef AppVersion
  #error Pass the version from pyproject.toml: ISCC /DAppVersion=0.1.0 packaging\cpdesk.iss
#endif

#define AppName "cpdesk"
#define AppExe "cpdesk.exe"
#define CliExe "cpdesk-cli.exe"
#define ProgId "cpdesk.workbook"
; Windows' taskbar id: the one cpdesk.app.APP_USER_MODEL_ID gives the running program, so a pinned
; shortcut and the open window are one taskbar button.
#define AppUserModelId "cpdesk.desktop"

[Setup]
; The AppId identifies cpdesk to Windows across versions (upgrades replace, uninstall finds it): never change it.
AppId={{8E506CD7-2A95-49C5-859F-7118AA21EDE8}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=cpdesk
AppComments=Children's services performance figures for English councils
VersionInfoVersion={#AppVersion}
VersionInfoDescription=cpdesk setup
; Per user unless asked otherwise: /ALLUSERS (or the first dialog) installs for all users, /CURRENTUSER
; forces per user.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline dialog
; PySide6 (Qt 6) runs on Windows 10 and later only.
MinVersion=10.0
; The folder for the mode: see DefaultInstallDir in [Code].
DefaultDirName={code:DefaultInstallDir}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SourceDir=..
OutputDir=dist\installer
OutputBaseFilename=cpdesk-{#AppVersion}-setup
SetupIconFile=resources\icons\cpdesk.ico
WizardSmallImageFile=resources\icons\cpdesk-setup-55.bmp,resources\icons\cpdesk-setup-110.bmp
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
ChangesAssociations=yes
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "openwith"; Description: "Open .xlsx and .csv files with cpdesk (adds cpdesk to ""Open with""; the program that opens them now stays the default)"; GroupDescription: "Files:"

[Files]
; The whole one-folder build: both programs (cpdesk.exe windowed, cpdesk-cli.exe console) and _internal\.
Source: "dist\cpdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; AppUserModelID: "{#AppUserModelId}"; Comment: "Children's services performance figures"
Name: "{autoprograms}\{#AppName} command line"; Filename: "{cmd}"; Parameters: "/k {#CliExe} --help"; WorkingDir: "{app}"; IconFilename: "{app}\{#AppExe}"; Comment: "A Command Prompt for cpdesk-cli commands"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; AppUserModelID: "{#AppUserModelId}"; Tasks: desktopicon

[Registry]
; "Open with": a ProgID listed under each type's OpenWithProgids, and cpdesk.exe described under
; Applications. Neither writes a type's default value, so Excel (or whatever opens the file now) stays the
; default program. HKA is HKLM in an all-users install and HKCU in a per-user one; the uninstaller
; removes the entries from the same hive. An OpenWithProgids entry is an
; empty string value named after the ProgID (Inno Setup's ValueType "none" would create the key alone).
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Workbook for cpdesk"; Flags: uninsdeletekey; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\.xlsx\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\.csv\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".xlsx"; ValueData: ""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".csv"; ValueData: ""; Tasks: openwith

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
// The install folder for the mode chosen: Program Files for all users, %LOCALAPPDATA%\Programs (where
// Windows puts per-user programs) for one. Written out rather than autopf, whose per-user meaning
// (userpf) Wine cannot expand, and the script is installed under Wine to check it.
function DefaultInstallDir(Param: String): String;
begin
  if IsAdminInstallMode then
    Result := ExpandConstant('{commonpf}\{#AppName}')
  else
    Result := ExpandConstant('{localappdata}\Programs\{#AppName}');
end;
