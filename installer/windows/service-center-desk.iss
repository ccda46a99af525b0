; Inno Setup script: wraps the one-folder bundle of the desk into a Windows setup program.
;
; Build on a Windows PC (it cannot be built on the Linux build machine):
;   1. py -3.11 -m venv .venv
;      .venv\Scripts\pip install --require-hashes --only-binary=:all: -r requirements\dev.lock.txt
;      .venv\Scripts\pip install --no-deps --no-build-isolation -e .
;      (the lock is universal: it pins Windows' own dependencies, e.g. pywin32-ctypes)
;   2. .venv\Scripts\pyinstaller --noconfirm --distpath build\dist installer\service-center-desk.spec
;   3. "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installer\windows\service-center-desk.iss
; The setup program lands in dist\. It installs for all users under Program Files, adds
; Start-menu entries and an uninstaller. Uninstalling removes the program only: the desk's
; data (%LOCALAPPDATA%\ServiceCenterDesk) is never touched.
; tests/installer checks that every Source below exists in a fresh bundle.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define RepoDir "..\.."
#define BundleDir "..\..\build\dist\service-center-desk"

[Setup]
AppId={{7C2E1B4A-5D3F-4E8A-9B61-2A7F0C9D4E15}
AppName=党群服务中心前台 Service Center Desk
AppVersion={#AppVersion}
AppPublisher=Service Center Desk
DefaultDirName={autopf}\ServiceCenterDesk
DefaultGroupName=党群服务中心前台
OutputDir={#RepoDir}\dist
OutputBaseFilename=service-center-desk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
UninstallDisplayIcon={app}\service-center-desk.exe

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#RepoDir}\resources\fonts\LICENSE-wqy-microhei.txt"; DestDir: "{app}\licenses"; Flags: ignoreversion
Source: "{#RepoDir}\resources\fonts\LICENSE-babelstone-han.txt"; DestDir: "{app}\licenses"; Flags: ignoreversion

[Icons]
Name: "{group}\党群服务中心前台"; Filename: "{app}\service-center-desk.exe"
Name: "{group}\演示中心 Demo center"; Filename: "{app}\service-center-desk.exe"; Parameters: "--demo --data-dir ""{localappdata}\ServiceCenterDesk-demo"""
Name: "{group}\卸载 Uninstall"; Filename: "{uninstallexe}"
Name: "{autodesktop}\党群服务中心前台"; Filename: "{app}\service-center-desk.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Run]
Filename: "{app}\service-center-desk.exe"; Description: "{cm:LaunchProgram,党群服务中心前台}"; Flags: nowait postinstall skipifsilent
