#!/usr/bin/env pwsh
<#
.SYNOPSIS
Installs SecretScan for the current user: builds `secretscan` (Native AOT when the toolchain allows,
framework-dependent otherwise), puts it in a user bin folder, and installs the pre-commit hook into the current
repository, or with -Global into a hooks folder used by every repository (the global core.hooksPath).

.DESCRIPTION
Safe to run again: only hooks carrying the marker line of hooks/pre-commit are updated or removed, and a hook
SecretScan did not write is replaced only with -Force (it is kept as pre-commit.secretscan-backup and put back
by -Uninstall). The same behaviour as install.sh; the tests run both.

.PARAMETER HookOnly
Skip the build: only install (or with -Uninstall, only remove) the hook.
.PARAMETER Global
Install the hook for every repository, through the global core.hooksPath.
.PARAMETER Force
Replace a pre-commit hook SecretScan did not write (it is kept as pre-commit.secretscan-backup).
.PARAMETER ExtraHooks
Also install the commit-msg hook (a key pasted into a message) and the pre-push hook (scans exactly the commits
being pushed); both block on findings and on errors, like pre-commit.
.PARAMETER Uninstall
Remove what this script installed: the hook (restoring a backed-up one) and, unless -HookOnly, the executable.
.PARAMETER FromBuild
Install an already built secretscan from this folder (for example an unpacked release archive) instead of building.
.PARAMETER Copy
Put a copy of the executable in the bin folder rather than a symbolic link. The default on Windows, where links need
a privilege: PATH then holds a real secretscan.exe, which every shell, IDE and GUI git client can start (a .cmd shim
works only where cmd.exe runs it).
#>
[CmdletBinding()]
param(
    [switch]$HookOnly,
    [switch]$Global,
    [switch]$Force,
    [switch]$ExtraHooks,
    [switch]$Uninstall,
    [string]$FromBuild,
    [switch]$Copy
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$Marker = 'secretscan-managed-hook'
$SourceDir = $PSScriptRoot
$UserHome = if ($env:HOME) { $env:HOME } else { $env:USERPROFILE }
$IsWin = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Windows)
$ExeName = if ($IsWin) { 'secretscan.exe' } else { 'secretscan' }
$BinDir = if ($env:SECRETSCAN_BIN_DIR) { $env:SECRETSCAN_BIN_DIR } elseif ($IsWin) { Join-Path $env:LOCALAPPDATA 'secretscan\bin' } else { Join-Path $UserHome '.local/bin' }
$InstallHome = if ($env:SECRETSCAN_HOME) { $env:SECRETSCAN_HOME } elseif ($IsWin) { Join-Path $env:LOCALAPPDATA 'secretscan\app' } else { Join-Path $(if ($env:XDG_DATA_HOME) { $env:XDG_DATA_HOME } else { Join-Path $UserHome '.local/share' }) 'secretscan' }
$CopyExecutable = $Copy -or $IsWin
$ConfigHome = if ($env:XDG_CONFIG_HOME) { $env:XDG_CONFIG_HOME } else { Join-Path $UserHome '.config' }
$GlobalHooksDir = Join-Path $ConfigHome 'secretscan/git-hooks'

function Fail([string]$Message) {
    [Console]::Error.WriteLine("install.ps1: error: $Message")
    exit 1
}

function Invoke-Git {
    # git's own exit code decides; its stderr is not an error record here.
    $out = & git @args 2>$null
    if ($LASTEXITCODE -ne 0) { return $null }
    return ($out | Out-String).Trim()
}

function Get-RuntimeId {
    $arch = switch ([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture) {
        'X64' { 'x64' } 'Arm64' { 'arm64' } default { $null }
    }
    if (-not $arch) { return $null }
    if ($IsWin) { return "win-$arch" }
    if ($IsMacOS) { return "osx-$arch" }
    return "linux-$arch"
}

function Install-Binary {
    if ($FromBuild) {
        $from = (Resolve-Path -LiteralPath $FromBuild -ErrorAction SilentlyContinue)
        if (-not $from -or -not (Test-Path -LiteralPath (Join-Path $from $ExeName) -PathType Leaf)) { Fail "-FromBuild: no $ExeName in '$FromBuild'" }
        Install-Output ([string]$from) 'prebuilt'
        return
    }
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) { Fail "the .NET 10 SDK ('dotnet') is needed to build secretscan: https://dotnet.microsoft.com/download" }
    $project = Join-Path $SourceDir 'src/SecretScan.Cli/SecretScan.Cli.csproj'
    $stage = Join-Path ([System.IO.Path]::GetTempPath()) ("secretscan-install-" + [guid]::NewGuid().ToString('N'))
    $out = Join-Path $stage 'out'
    New-Item -ItemType Directory -Path $stage | Out-Null
    try {
        $built = $null
        # Native AOT starts in ~10 ms instead of ~80 ms, which a pre-commit hook feels; it needs a C toolchain,
        # so a failure falls back to the framework-dependent build, which needs only the .NET runtime.
        $rid = Get-RuntimeId
        if ($rid) {
            Write-Host "Building secretscan (Native AOT, $rid)..."
            & dotnet publish $project -c Release -r $rid -p:PublishAot=true -o $out *> (Join-Path $stage 'aot.log')
            if ($LASTEXITCODE -eq 0) { $built = "Native AOT ($rid)" }
            else {
                Write-Host 'Native AOT build failed (last lines below); falling back to a framework-dependent build.'
                Get-Content (Join-Path $stage 'aot.log') -Tail 5 | ForEach-Object { Write-Host "    $($_.Substring(0, [Math]::Min(240, $_.Length)))" }
                Remove-Item -Recurse -Force $out -ErrorAction SilentlyContinue
            }
        }
        # ReadyToRun keeps most of the JIT start-up away (measured: `secretscan staged` 176 ms instead of 364 ms) and
        # needs no C toolchain; the plain build is the last resort.
        if (-not $built -and $rid) {
            Write-Host "Building secretscan (framework-dependent, ReadyToRun, $rid)..."
            # One file (native libraries inside), so it can be copied onto PATH like the Native AOT one.
            & dotnet publish $project -c Release -r $rid --self-contained false -p:PublishReadyToRun=true -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -o $out *> (Join-Path $stage 'r2r.log')
            if ($LASTEXITCODE -eq 0) { $built = "framework-dependent, ReadyToRun ($rid)" }
            else { Remove-Item -Recurse -Force $out -ErrorAction SilentlyContinue }
        }
        if (-not $built) {
            Write-Host 'Building secretscan (framework-dependent)...'
            & dotnet publish $project -c Release -o $out *> (Join-Path $stage 'fd.log')
            if ($LASTEXITCODE -ne 0) { Get-Content (Join-Path $stage 'fd.log') -Tail 20 | Write-Host; Fail 'dotnet publish failed' }
            $built = 'framework-dependent'
        }
        Get-ChildItem $out -Include *.dbg, *.pdb -Recurse | Remove-Item -Force
        Install-Output $out $built
    } finally {
        Remove-Item -Recurse -Force $stage -ErrorAction SilentlyContinue
    }
}

# A lone executable (Native AOT, or the single-file fallback) can be copied anywhere; a multi-file build cannot.
function Test-SingleFile([string]$Folder) {
    return @(Get-ChildItem -LiteralPath $Folder -File | Where-Object { $_.Name -notin @($ExeName, 'LICENSE', 'README.md') }).Count -eq 0
}

function Install-Output([string]$Out, [string]$Built) {
    if ((Test-Path $InstallHome) -and -not (Test-Path (Join-Path $InstallHome '.installed-by-secretscan'))) {
        Fail "$InstallHome exists and was not made by this script; set SECRETSCAN_HOME to another folder"
    }
    $single = Test-SingleFile $Out
    $link = Join-Path $BinDir $ExeName
    if ((Test-Path $link) -and -not (Test-OurExecutable $link)) { Fail "$link exists and was not installed by this script; remove it or set SECRETSCAN_BIN_DIR" }
    Remove-Item -Recurse -Force $InstallHome -ErrorAction SilentlyContinue
    New-Item -ItemType Directory -Force -Path $InstallHome, $BinDir | Out-Null
    Copy-Item -Recurse -Path (Join-Path $Out '*') -Destination $InstallHome
    New-Item -ItemType File -Path (Join-Path $InstallHome '.installed-by-secretscan') | Out-Null
    $target = Join-Path $InstallHome $ExeName
    if (-not $IsWin) { & chmod 755 $target }
    Remove-Item -Force $link -ErrorAction SilentlyContinue
    $shim = Join-Path $BinDir 'secretscan.cmd'
    if ($CopyExecutable -and $single) {
        Copy-Item -LiteralPath $target -Destination $link
        if (-not $IsWin) { & chmod 755 $link }
        # A shim left by an older install would shadow nothing, but would still point at the old place: remove it.
        if ((Test-Path $shim) -and (Get-Content $shim -Raw).Contains($InstallHome)) { Remove-Item -Force $shim }
        Write-Host "Installed secretscan ($Built) as $link (a copy of $target)"
    } elseif ($IsWin) {
        # A multi-file build needs its folder: a cmd shim points there (Git for Windows' hook finds it as secretscan.cmd).
        Set-Content -Path $shim -Value "@`"$target`" %*" -Encoding ascii
        Write-Host "Installed secretscan ($Built) as $shim -> $target (not a single file, so a shim and not a copy; or add $InstallHome to PATH)"
    } else {
        New-Item -ItemType SymbolicLink -Path $link -Target $target | Out-Null
        Write-Host "Installed secretscan ($Built) as $link -> $target"
    }
    $sep = [System.IO.Path]::PathSeparator
    if (-not (($env:PATH -split [regex]::Escape($sep)) -contains $BinDir)) {
        Write-Host "Note: $BinDir is not on PATH."
        if ($IsWin) { Write-Host "    [Environment]::SetEnvironmentVariable('PATH', `"$BinDir;`" + [Environment]::GetEnvironmentVariable('PATH', 'User'), 'User')" }
        else { Write-Host "    Add to ~/.profile:  export PATH=`"${BinDir}:`$PATH`"" }
    }
}

# Ours: a link into the install folder, or a copy byte-equal to the executable there.
function Test-OurExecutable([string]$Path) {
    $item = Get-Item -LiteralPath $Path -Force
    if ($item.LinkType) { return ([string]$item.Target).StartsWith($InstallHome) }
    $installed = Join-Path $InstallHome $ExeName
    return (Test-Path -LiteralPath $installed) -and ((Get-FileHash -LiteralPath $Path).Hash -eq (Get-FileHash -LiteralPath $installed).Hash)
}

function Uninstall-Binary {
    foreach ($name in @($ExeName, 'secretscan.cmd')) {
        $link = Join-Path $BinDir $name
        if (-not (Test-Path $link)) { continue }
        $ours = if ($name -eq 'secretscan.cmd') { (Get-Content $link -Raw).Contains($InstallHome) } else { Test-OurExecutable $link }
        if ($ours) { Remove-Item -Force $link; Write-Host "Removed $link" }
        else { Write-Host "Left $link alone: it does not point into $InstallHome" }
    }
    if (Test-Path (Join-Path $InstallHome '.installed-by-secretscan')) {
        Remove-Item -Recurse -Force $InstallHome
        Write-Host "Removed $InstallHome"
    }
}

# Where git looks for this repository's hooks: core.hooksPath when set, and the common git folder in a worktree.
function Get-HooksDir {
    if ($Global) {
        $configured = Invoke-Git config --global --get core.hooksPath
        if (-not $configured) { return $GlobalHooksDir }
        if ($configured.StartsWith('~/')) { return Join-Path $UserHome $configured.Substring(2) }
        return $configured
    }
    if ($null -eq (Invoke-Git rev-parse --git-dir)) { return $null }
    $dir = Invoke-Git rev-parse --git-path hooks
    if (-not $dir) { return $null }
    if ([System.IO.Path]::IsPathRooted($dir)) { return $dir }
    return Join-Path (Get-Location).Path $dir
}

function Test-OurHook([string]$Path) {
    return (Test-Path $Path) -and (Get-Content -Raw $Path).Contains($Marker)
}

function Install-OneHook([string]$Dir, [string]$Name) {
    $target = Join-Path $Dir $Name
    if ((Test-Path $target) -and -not (Test-OurHook $target)) {
        if (-not $Force) {
            Fail "$target exists and was not installed by SecretScan; not replacing it. Re-run with -Force (it will be kept as $Name.secretscan-backup), or call secretscan from that hook yourself"
        }
        Move-Item -Force $target "$target.secretscan-backup"
        Write-Host "Kept the existing hook as $target.secretscan-backup"
    }
    $source = Join-Path $SourceDir "hooks/$Name"
    if ((Test-Path $target) -and ((Get-FileHash $source).Hash -eq (Get-FileHash $target).Hash)) {
        Write-Host "The $Name hook in $Dir is already up to date"
    } else {
        # Byte copy: the hook must keep its LF line endings to run under sh, also on Windows (Git for Windows' sh).
        Copy-Item -Force $source $target
        if (-not $IsWin) { & chmod 755 $target }
        Write-Host "Installed the $Name hook: $target"
    }
}

function Install-Hook {
    $dir = Get-HooksDir
    if (-not $dir) { Fail 'not inside a git repository: run this from a repository, or use -Global for every repository' }
    New-Item -ItemType Directory -Force -Path $dir | Out-Null
    Install-OneHook $dir 'pre-commit'
    if ($ExtraHooks) {
        Install-OneHook $dir 'commit-msg'
        Install-OneHook $dir 'pre-push'
    }
    if ($Global -and -not (Invoke-Git config --global --get core.hooksPath)) {
        & git config --global core.hooksPath $dir
        Write-Host "Set the global core.hooksPath to $dir (every repository now uses the hooks there)"
    }
}

function Uninstall-Hook {
    $dir = Get-HooksDir
    if (-not $dir) { Write-Host 'Not inside a git repository: no repository hook to remove (use -Global for the global one)'; return }
    foreach ($extra in 'commit-msg', 'pre-push') {
        $extraTarget = Join-Path $dir $extra
        if (Test-OurHook $extraTarget) {
            Remove-Item -Force $extraTarget
            Write-Host "Removed the $extra hook $extraTarget"
            if (Test-Path "$extraTarget.secretscan-backup") { Move-Item "$extraTarget.secretscan-backup" $extraTarget }
        }
    }
    $target = Join-Path $dir 'pre-commit'
    if (Test-OurHook $target) {
        Remove-Item -Force $target
        Write-Host "Removed the pre-commit hook $target"
        if (Test-Path "$target.secretscan-backup") {
            Move-Item "$target.secretscan-backup" $target
            Write-Host "Restored the previous hook to $target"
        }
    } elseif (Test-Path $target) {
        Write-Host "Left $target alone: SecretScan did not install it"
    } else {
        Write-Host "No pre-commit hook in $dir"
    }
    if ($Global -and (Invoke-Git config --global --get core.hooksPath) -eq $GlobalHooksDir) {
        & git config --global --unset core.hooksPath
        if ((Test-Path $GlobalHooksDir) -and -not (Get-ChildItem $GlobalHooksDir)) { Remove-Item $GlobalHooksDir }
        Write-Host 'Unset the global core.hooksPath'
    }
}

if ($Uninstall) {
    Uninstall-Hook
    if (-not $HookOnly) { Uninstall-Binary }
    exit 0
}
if (-not $HookOnly) { Install-Binary }
if ($Global -or $null -ne (Invoke-Git rev-parse --git-dir)) {
    Install-Hook
} elseif ($HookOnly) {
    Fail 'not inside a git repository: run this from a repository, or use -Global'
} else {
    Write-Host "Not inside a git repository: run '$(Join-Path $SourceDir 'install.ps1') -HookOnly' from a repository to add the hook there, or -Global for all."
}
exit 0
