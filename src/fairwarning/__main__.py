from fairwarning.cli import main

main()
