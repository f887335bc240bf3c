from svcstd.cli import main

main()
