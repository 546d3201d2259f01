from apiref.cli import main

main()
